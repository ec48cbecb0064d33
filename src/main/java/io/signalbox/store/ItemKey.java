package io.signalbox.store;

import java.util.Objects;

/**
 * The key of an item: its partition key value and, in a table with a sort key, its sort key value. Written as
 * {@code partition} or {@code partition/sort} in the admin API ({@link #toString}, {@link #parse}); a {@code /}
 * or {@code %} inside a key part is written {@code %2F} or {@code %25}.
 */
public record ItemKey(String partition, String sort) {

    public ItemKey {
        Objects.requireNonNull(partition, "partition key");
    }

    public static ItemKey of(String partition) {
        return new ItemKey(partition, null);
    }

    public static ItemKey of(String partition, String sort) {
        return new ItemKey(partition, sort);
    }

    /** {@code pk} or {@code pk/sk}, for a table without or with a sort key; a missing sort key is an error. */
    public static ItemKey parse(String text, boolean hasSortKey) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a key must not be empty");
        }
        int slash = text.indexOf('/');
        if (!hasSortKey) {
            if (slash >= 0) {
                throw new IllegalArgumentException("key '" + text + "' has a sort key part, but the table has only a "
                        + "partition key (write a '/' inside a key as %2F)");
            }
            return of(unescape(text));
        }
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("key '" + text + "' must be <partition key>/<sort key>: the table has "
                    + "a sort key (write a '/' inside a key part as %2F)");
        }
        if (text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("key '" + text + "' has more than two parts (write a '/' inside a key "
                    + "part as %2F)");
        }
        return of(unescape(text.substring(0, slash)), unescape(text.substring(slash + 1)));
    }

    @Override
    public String toString() {
        return sort == null ? escape(partition) : escape(partition) + "/" + escape(sort);
    }

    private static String escape(String part) {
        return part.replace("%", "%25").replace("/", "%2F");
    }

    private static String unescape(String part) {
        return part.replace("%2F", "/").replace("%2f", "/").replace("%25", "%");
    }
}
