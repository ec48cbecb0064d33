package io.signalbox.store;

import java.util.Objects;

/**
 * A condition on the sort key of a range read (a DynamoDB key condition): {@code =}, {@code <}, {@code <=},
 * {@code >}, {@code >=}, {@code BETWEEN} (both ends included) or {@code begins_with}. Sort keys compare as strings.
 */
public record SortCondition(Op op, String value, String upper) {

    public enum Op { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH }

    public SortCondition {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (op == Op.BETWEEN) {
            Objects.requireNonNull(upper, "upper bound of BETWEEN");
        }
    }

    public static SortCondition between(String lower, String upper) {
        return new SortCondition(Op.BETWEEN, lower, upper);
    }

    public static SortCondition beginsWith(String prefix) {
        return new SortCondition(Op.BEGINS_WITH, prefix, null);
    }

    public static SortCondition of(Op op, String value) {
        return new SortCondition(op, value, null);
    }

    /** Whether {@code sort} meets the condition. */
    public boolean test(String sort) {
        if (sort == null) {
            return false;
        }
        int c = sort.compareTo(value);
        return switch (op) {
            case EQ -> c == 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            case BETWEEN -> c >= 0 && sort.compareTo(upper) <= 0;
            case BEGINS_WITH -> sort.startsWith(value);
        };
    }
}
