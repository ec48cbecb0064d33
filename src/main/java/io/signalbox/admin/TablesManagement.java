package io.signalbox.admin;

import java.util.function.Supplier;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.StandardMBean;

import io.signalbox.store.ItemKey;
import io.signalbox.store.Tables;

/**
 * The {@link TablesMBean} over the {@link TableBrowser}: the same answers as the HTTP endpoints. Failures reach the
 * JMX client as JDK exceptions: {@link IllegalArgumentException} for an unknown table or key or a bad parameter,
 * {@link IllegalStateException} for a failure of the store.
 */
public final class TablesManagement extends StandardMBean implements TablesMBean {

    private final TableBrowser browser;
    private final Tables tables;

    public TablesManagement(TableBrowser browser, Tables tables) {
        super(TablesMBean.class, false);
        this.browser = browser;
        this.tables = tables;
    }

    @Override
    public String list() {
        return call(browser::list);
    }

    @Override
    public String page(String table, int limit, String start) {
        return call(() -> browser.page(table, Integer.toString(limit), start));
    }

    @Override
    public String item(String table, String key) {
        return call(() -> {
            ItemKey k = ItemKey.parse(key, tables.table(table).sortKey() != null);
            return browser.item(table, k.partition(), k.sort());
        });
    }

    private static String call(Supplier<String> operation) {
        try {
            return operation.get();
        } catch (TableBrowser.NotFound | IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    @Override
    protected String getDescription(MBeanOperationInfo op) {
        return switch (op.getName()) {
            case "list" -> "Every table with its keys and item count (JSON)";
            case "page" -> "A page of a table's items and the key to continue from (JSON)";
            case "item" -> "One item of a table by its key: pk, or pk/sk (JSON)";
            default -> super.getDescription(op);
        };
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        if (sequence == 0) {
            return "table";
        }
        return switch (op.getName()) {
            case "page" -> sequence == 1 ? "limit" : "start";
            default -> "key";
        };
    }
}
