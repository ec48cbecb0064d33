package io.signalbox.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;

/**
 * One declared table in SQL: its key columns (named as the key attributes), {@code item} (the whole item as JSON,
 * the key attributes included) and, for a table with a TTL attribute, that attribute's value in a column of its
 * own (epoch seconds), which the expiry sweeper deletes by. The statements are portable SQL ({@code ON CONFLICT}
 * is SQLite's and PostgreSQL's upsert); every method runs on the session it is given, so several of them make one
 * transaction when they run in one {@link SqlDatabase#write write}.
 */
public final class SqlTable {

    private final ResourceDeclarations.Table declaration;
    private final String name;
    private final String pk;
    private final String sk;
    private final String ttl;
    private final String keyWhere;
    private final String select;
    private final String insert;
    private final String insertIfAbsent;
    private final String upsert;
    private final String update;
    private final String delete;
    private final String order;
    private final String orderDesc;

    SqlTable(ResourceDeclarations.Table declaration) {
        this.declaration = declaration;
        this.name = quote(declaration.name());
        this.pk = quote(declaration.partitionKey());
        this.sk = declaration.sortKey() == null ? null : quote(declaration.sortKey());
        this.ttl = declaration.ttlAttribute() == null ? null : quote(declaration.ttlAttribute());
        this.keyWhere = pk + " = ?" + (sk == null ? "" : " AND " + sk + " = ?");
        String columns = pk + (sk == null ? "" : ", " + sk) + ", item" + (ttl == null ? "" : ", " + ttl);
        String values = "?" + (sk == null ? "" : ", ?") + ", ?" + (ttl == null ? "" : ", ?");
        String conflict = " ON CONFLICT (" + pk + (sk == null ? "" : ", " + sk) + ")";
        this.select = "SELECT item FROM " + name + " WHERE " + keyWhere;
        this.insert = "INSERT INTO " + name + " (" + columns + ") VALUES (" + values + ")";
        this.insertIfAbsent = insert + conflict + " DO NOTHING";
        this.upsert = insert + conflict + " DO UPDATE SET item = excluded.item"
                + (ttl == null ? "" : ", " + ttl + " = excluded." + ttl);
        this.update = "UPDATE " + name + " SET item = ?" + (ttl == null ? "" : ", " + ttl + " = ?") + " WHERE " + keyWhere;
        this.delete = "DELETE FROM " + name + " WHERE " + keyWhere;
        this.order = " ORDER BY " + pk + (sk == null ? "" : ", " + sk);
        this.orderDesc = " ORDER BY " + pk + " DESC" + (sk == null ? "" : ", " + sk + " DESC");
    }

    public ResourceDeclarations.Table declaration() {
        return declaration;
    }

    public String name() {
        return declaration.name();
    }

    /** The DDL of the table and of its expiry index. */
    List<String> create() {
        List<String> ddl = new ArrayList<>();
        ddl.add("CREATE TABLE IF NOT EXISTS " + name + " (" + pk + " TEXT NOT NULL, "
                + (sk == null ? "" : sk + " TEXT NOT NULL, ") + "item TEXT NOT NULL, "
                + (ttl == null ? "" : ttl + " INTEGER, ")
                + "PRIMARY KEY (" + pk + (sk == null ? "" : ", " + sk) + "))");
        if (ttl != null) {
            ddl.add("CREATE INDEX IF NOT EXISTS " + quote(declaration.name() + "-expiry") + " ON " + name + " (" + ttl + ")");
        }
        return ddl;
    }

    /** The key of {@code item}: its key attributes, which must be non-empty strings. */
    public ItemKey keyOf(JsonNode item) {
        String p = Items.text(item, declaration.partitionKey());
        if (p == null || p.isEmpty()) {
            throw new IllegalArgumentException("An item of " + declaration.name() + " needs its partition key "
                    + declaration.partitionKey() + " as a non-empty string");
        }
        if (declaration.sortKey() == null) {
            return ItemKey.of(p);
        }
        String s = Items.text(item, declaration.sortKey());
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("An item of " + declaration.name() + " needs its sort key "
                    + declaration.sortKey() + " as a non-empty string");
        }
        return ItemKey.of(p, s);
    }

    /** The item stored under {@code key}, or null. */
    public ObjectNode get(SqlSession session, ItemKey key) throws SQLException {
        PreparedStatement statement = session.prepare(select);
        bindKey(statement, 1, key);
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Items.parse(rs.getString(1)) : null;
        }
    }

    /** Inserts {@code item} unless an item with its key exists; answers whether it did. */
    public boolean insertIfAbsent(SqlSession session, ObjectNode item) throws SQLException {
        return bindRow(session.prepare(insertIfAbsent), item).executeUpdate() == 1;
    }

    /** Inserts {@code item}; an item with its key must not exist (the statement fails if one does). */
    public void insert(SqlSession session, ObjectNode item) throws SQLException {
        bindRow(session.prepare(insert), item).executeUpdate();
    }

    /** Puts {@code item}, replacing any item with its key. */
    public void put(SqlSession session, ObjectNode item) throws SQLException {
        bindRow(session.prepare(upsert), item).executeUpdate();
    }

    /** Replaces the stored item with {@code item} (same key); answers false when none is stored. */
    public boolean replace(SqlSession session, ObjectNode item) throws SQLException {
        PreparedStatement statement = session.prepare(update);
        int i = 1;
        statement.setString(i++, Items.write(item));
        if (ttl != null) {
            bindTtl(statement, i++, item);
        }
        bindKey(statement, i, keyOf(item));
        return statement.executeUpdate() == 1;
    }

    /** Deletes the item under {@code key}; answers whether there was one. */
    public boolean delete(SqlSession session, ItemKey key) throws SQLException {
        PreparedStatement statement = session.prepare(delete);
        bindKey(statement, 1, key);
        return statement.executeUpdate() == 1;
    }

    /** Up to {@code limit} items in key order, after {@code start} (exclusive) when given. */
    public Page scan(SqlSession session, int limit, ItemKey start) throws SQLException {
        PreparedStatement statement;
        if (start == null) {
            statement = session.prepare("SELECT item FROM " + name + order + " LIMIT ?");
            statement.setInt(1, limit + 1);
        } else if (sk == null) {
            statement = session.prepare("SELECT item FROM " + name + " WHERE " + pk + " > ?" + order + " LIMIT ?");
            statement.setString(1, start.partition());
            statement.setInt(2, limit + 1);
        } else {
            statement = session.prepare("SELECT item FROM " + name + " WHERE " + pk + " > ? OR (" + pk + " = ? AND "
                    + sk + " > ?)" + order + " LIMIT ?");
            statement.setString(1, start.partition());
            statement.setString(2, start.partition());
            statement.setString(3, sortOf(start));
            statement.setInt(4, limit + 1);
        }
        return page(statement, limit);
    }

    /** Every item, in key order (for the jobs' reads of a whole table). */
    public void forEach(SqlSession session, java.util.function.Consumer<ObjectNode> each) throws SQLException {
        PreparedStatement statement = session.prepare("SELECT item FROM " + name);
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                each.accept(Items.parse(rs.getString(1)));
            }
        }
    }

    /**
     * Up to {@code limit} items of partition {@code partition} whose sort key meets {@code condition} (every item
     * of the partition when null), in sort key order ({@code forward}) or the reverse, after {@code start}. The
     * condition and the start key make ONE range of the sort key (its tighter bound from each), so that a page far
     * into a partition seeks to its first row instead of reading past every row before it.
     */
    public Page query(SqlSession session, String partition, SortCondition condition, int limit, ItemKey start,
            boolean forward) throws SQLException {
        Range range = Range.of(condition);
        if (condition != null && sk == null) {
            throw new IllegalArgumentException("Table " + declaration.name() + " has no sort key to query by");
        }
        if (start != null && sk != null) {
            range = forward ? range.after(sortOf(start)) : range.before(sortOf(start));
        }
        StringBuilder sql = new StringBuilder("SELECT item FROM ").append(name).append(" WHERE ").append(pk).append(" = ?");
        List<String> params = new ArrayList<>();
        params.add(partition);
        if (range.lower() != null) {
            sql.append(" AND ").append(sk).append(range.lowerInclusive() ? " >= ?" : " > ?");
            params.add(range.lower());
        }
        if (range.upper() != null) {
            sql.append(" AND ").append(sk).append(range.upperInclusive() ? " <= ?" : " < ?");
            params.add(range.upper());
        }
        if (sk != null) {
            sql.append(" ORDER BY ").append(sk).append(forward ? "" : " DESC");
        }
        sql.append(" LIMIT ?");
        PreparedStatement statement = session.prepare(sql.toString());
        int i = 1;
        for (String p : params) {
            statement.setString(i++, p);
        }
        statement.setInt(i, limit + 1);
        return page(statement, limit);
    }

    /** A range of sort keys: each bound absent (open), inclusive or exclusive. */
    private record Range(String lower, boolean lowerInclusive, String upper, boolean upperInclusive) {

        static Range of(SortCondition c) {
            if (c == null) {
                return new Range(null, true, null, true);
            }
            return switch (c.op()) {
                case EQ -> new Range(c.value(), true, c.value(), true);
                case LT -> new Range(null, true, c.value(), false);
                case LE -> new Range(null, true, c.value(), true);
                case GT -> new Range(c.value(), false, null, true);
                case GE -> new Range(c.value(), true, null, true);
                case BETWEEN -> new Range(c.value(), true, c.upper(), true);
                // the keys from the prefix up to, not including, the first key after every key it begins
                case BEGINS_WITH -> new Range(c.value(), true, prefixEnd(c.value()), false);
            };
        }

        /** The range's keys after {@code key} (a forward page's start): the tighter lower bound. */
        Range after(String key) {
            return lower == null || key.compareTo(lower) >= 0 ? new Range(key, false, upper, upperInclusive) : this;
        }

        /** The range's keys before {@code key} (a reverse page's start): the tighter upper bound. */
        Range before(String key) {
            return upper == null || key.compareTo(upper) <= 0 ? new Range(lower, lowerInclusive, key, false) : this;
        }

        /**
         * The least string greater than every string that begins with {@code prefix} (its last character one up;
         * SQLite compares UTF-8 bytes, which order as code points do), or null when there is none.
         */
        static String prefixEnd(String prefix) {
            StringBuilder end = new StringBuilder(prefix);
            while (end.length() > 0) {
                char last = end.charAt(end.length() - 1);
                if (last < Character.MAX_VALUE && !Character.isSurrogate(last)) {
                    end.setCharAt(end.length() - 1, (char) (last + 1));
                    return end.toString();
                }
                end.setLength(end.length() - 1);
            }
            return null;
        }
    }

    /** Items in the table. */
    public long count(SqlSession session) throws SQLException {
        try (ResultSet rs = session.prepare("SELECT COUNT(*) FROM " + name).executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Deletes up to {@code limit} items whose TTL is before {@code nowSeconds}; answers how many. */
    int sweep(SqlSession session, long nowSeconds, int limit) throws SQLException {
        if (ttl == null) {
            return 0;
        }
        String keys = pk + (sk == null ? "" : ", " + sk);
        String where = sk == null ? pk + " IN " : "(" + keys + ") IN ";
        PreparedStatement statement = session.prepare("DELETE FROM " + name + " WHERE " + where + "(SELECT " + keys
                + " FROM " + name + " WHERE " + ttl + " < ? LIMIT ?)");
        statement.setLong(1, nowSeconds);
        statement.setInt(2, limit);
        return statement.executeUpdate();
    }

    private Page page(PreparedStatement statement, int limit) throws SQLException {
        List<ObjectNode> items = new ArrayList<>(Math.min(limit, 1024));
        boolean more = false;
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                if (items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(Items.parse(rs.getString(1)));
            }
        }
        return new Page(items, more ? keyOf(items.get(items.size() - 1)) : null);
    }

    private PreparedStatement bindRow(PreparedStatement statement, ObjectNode item) throws SQLException {
        int i = bindKey(statement, 1, keyOf(item));
        statement.setString(i++, Items.write(item));
        if (ttl != null) {
            bindTtl(statement, i, item);
        }
        return statement;
    }

    private int bindKey(PreparedStatement statement, int i, ItemKey key) throws SQLException {
        statement.setString(i++, key.partition());
        if (sk != null) {
            statement.setString(i++, sortOf(key));
        }
        return i;
    }

    private String sortOf(ItemKey key) {
        if (key.sort() == null) {
            throw new IllegalArgumentException("Table " + declaration.name() + " is keyed by "
                    + declaration.partitionKey() + " and " + declaration.sortKey() + ": the key " + key
                    + " has no sort key");
        }
        return key.sort();
    }

    private void bindTtl(PreparedStatement statement, int i, JsonNode item) throws SQLException {
        JsonNode v = item.get(declaration.ttlAttribute());
        if (v != null && v.isNumber()) {
            statement.setLong(i, v.longValue());
        } else {
            statement.setNull(i, Types.INTEGER);
        }
    }

    /** An SQL identifier: table and attribute names hold '-' and may be keywords. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
