package io.signalbox.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.Items;
import org.junit.jupiter.api.Test;

/** The archive item's two forms, the tree (DynamoDB) and the JSON text written straight (SQL), are the same item. */
class ArchiveItemsTest {

    static final ArchiveSettings.ArchiveTable TABLE =
            new ArchiveSettings.ArchiveTable("event-archive", "bus", "archived", "expires_at");

    @Test
    void theJsonTextIsTheItemWrittenAsJson() {
        ObjectNode event = new ObjectMapper().createObjectNode().put("id", "e-1").put("time", "2024-01-15T10:00:00Z")
                .put("source", "a \"quoted\" source").put("detail-type", "Tab\tNew\nline ünï \u0001");
        event.putObject("detail").put("price", 59.98).put("text", "</script>\\");
        ArchivedEvent archived = ArchivedEvent.of("custom-event-bus", event, 4102444800L);
        ObjectNode item = ArchiveItems.item(TABLE, archived);
        assertEquals(Items.write(item), ArchiveItems.json(TABLE, archived));
        assertEquals(item, Items.parse(ArchiveItems.json(TABLE, archived)));
        assertEquals(archived, ArchiveItems.event(TABLE, Items.parse(ArchiveItems.json(TABLE, archived))));
    }
}
