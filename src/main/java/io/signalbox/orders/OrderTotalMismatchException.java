package io.signalbox.orders;

import java.math.BigDecimal;

/** An order whose {@code total} is not the sum of quantity × price over its lines, to the cent. */
public final class OrderTotalMismatchException extends InvalidOrderException {

    public OrderTotalMismatchException(String orderId, BigDecimal total, BigDecimal sum) {
        super("Order " + orderId + ": total " + total.toPlainString() + " does not equal the sum of its lines "
                + sum.toPlainString());
    }
}
