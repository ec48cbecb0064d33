package io.signalbox.orders;

import java.math.BigDecimal;

/** One line of an order: {@code quantity} units of {@code itemId} at {@code price} each. */
public record OrderLine(String itemId, int quantity, BigDecimal price) {

    /** quantity × price, exact. */
    public BigDecimal amount() {
        return price.multiply(BigDecimal.valueOf(quantity));
    }
}
