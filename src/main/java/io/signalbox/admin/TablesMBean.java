package io.signalbox.admin;

/** The admin API's table operations as JMX operations; each answers the JSON the HTTP endpoint answers. */
public interface TablesMBean {

    /** Every table with its keys and item count ({@code GET /admin/tables}). */
    String list();

    /** A page of a table's items ({@code GET /admin/tables/{table}?limit=&start=}); start empty for the first. */
    String page(String table, int limit, String start);

    /** One item by its key, {@code pk} or {@code pk/sk} ({@code GET /admin/tables/{table}/items/{key}}). */
    String item(String table, String key);
}
