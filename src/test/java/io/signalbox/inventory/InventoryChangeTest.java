package io.signalbox.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class InventoryChangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void seedEventParses() throws Exception {
        InventoryChange c = InventoryChange.parse(JSON.readTree(
                "{\"item_id\":\"ITEM-001\",\"quantity\":100,\"action\":\"restock\",\"timestamp\":\"2024-01-15T10:00:00Z\"}"));
        assertEquals(new InventoryChange("ITEM-001", InventoryAction.RESTOCK, 100, null), c);
    }

    @Test
    void adjustMayBeZeroOthersMustBePositive() throws Exception {
        assertEquals(0, InventoryChange.parse(JSON.readTree("{\"item_id\":\"I\",\"quantity\":0,\"action\":\"adjust\"}")).quantity());
        assertEquals("Inventory Updated for I: quantity of sale must be a whole number of at least 1, not 0",
                assertThrows(InvalidInventoryEventException.class, () -> InventoryChange.parse(
                        JSON.readTree("{\"item_id\":\"I\",\"quantity\":0,\"action\":\"sale\"}"))).getMessage());
        assertEquals("Inventory Updated for I: action must be restock, sale or adjust, not \"steal\"",
                assertThrows(InvalidInventoryEventException.class, () -> InventoryChange.parse(
                        JSON.readTree("{\"item_id\":\"I\",\"quantity\":1,\"action\":\"steal\"}"))).getMessage());
    }
}
