package io.signalbox.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.signalbox.config.ResourceDeclarations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's schema, brought up to date at open: first the numbered migrations
 * ({@code store/migrations/V<n>.sql} on the classpath, {@link #MIGRATIONS}), each applied once and recorded in
 * {@code signalbox_schema}; then the declared tables ({@code resources.yaml}), each created when missing and
 * recorded with its keys in {@code signalbox_tables}. A declared table whose keys differ from those it was created
 * with is refused, by name: its rows are keyed the old way.
 */
final class SqlSchema {

    private static final Logger LOG = LoggerFactory.getLogger(SqlSchema.class);
    /** The migrations, in order: V1.sql, V2.sql, ... */
    static final List<String> MIGRATIONS = List.of("V1.sql");

    private final SqlSession session;

    SqlSchema(SqlSession session) {
        this.session = session;
    }

    void migrate(Collection<SqlTable> tables, Clock clock) throws SQLException {
        session.execute("BEGIN IMMEDIATE");
        try {
            session.execute("CREATE TABLE IF NOT EXISTS signalbox_schema (version INTEGER PRIMARY KEY, "
                    + "script TEXT NOT NULL, applied_at TEXT NOT NULL)");
            int current = version();
            for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
                String script = MIGRATIONS.get(v - 1);
                for (String statement : statements(script)) {
                    session.execute(statement);
                }
                PreparedStatement record = session.prepare(
                        "INSERT INTO signalbox_schema (version, script, applied_at) VALUES (?, ?, ?)");
                record.setInt(1, v);
                record.setString(2, script);
                record.setString(3, clock.instant().toString());
                record.executeUpdate();
                LOG.info("Applied schema migration {} ({})", v, script);
            }
            for (SqlTable table : tables) {
                declare(table, clock);
            }
            session.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            session.execute("ROLLBACK");
            throw e;
        }
    }

    private int version() throws SQLException {
        try (ResultSet rs = session.prepare("SELECT MAX(version) FROM signalbox_schema").executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Creates {@code table} unless the catalogue has it, which it then must have with the same keys. */
    void declare(SqlTable table, Clock clock) throws SQLException {
        ResourceDeclarations.Table t = table.declaration();
        PreparedStatement find = session.prepare(
                "SELECT partition_key, sort_key, ttl_attribute FROM signalbox_tables WHERE name = ?");
        find.setString(1, t.name());
        try (ResultSet rs = find.executeQuery()) {
            if (rs.next()) {
                String pk = rs.getString(1);
                String sk = rs.getString(2);
                String ttl = rs.getString(3);
                if (!pk.equals(t.partitionKey()) || !Objects.equals(sk, t.sortKey()) || !Objects.equals(ttl, t.ttlAttribute())) {
                    throw new IllegalStateException("Table " + t.name() + " is declared in resources.yaml with "
                            + keys(t.partitionKey(), t.sortKey(), t.ttlAttribute()) + ", but the database holds it with "
                            + keys(pk, sk, ttl) + ": its rows are keyed the old way. Give the table another name, or "
                            + "drop it (sqlite3 <file> 'DROP TABLE \"" + t.name() + "\"; DELETE FROM signalbox_tables "
                            + "WHERE name = ''" + t.name() + "''') to start it empty");
                }
                return;
            }
        }
        for (String ddl : table.create()) {
            session.execute(ddl);
        }
        PreparedStatement record = session.prepare("INSERT INTO signalbox_tables (name, partition_key, sort_key, "
                + "ttl_attribute, created_at) VALUES (?, ?, ?, ?, ?)");
        record.setString(1, t.name());
        record.setString(2, t.partitionKey());
        record.setString(3, t.sortKey());
        record.setString(4, t.ttlAttribute());
        record.setString(5, clock.instant().toString());
        record.executeUpdate();
        LOG.debug("Created table {}", t.name());
    }

    private static String keys(String pk, String sk, String ttl) {
        return "partition key " + pk + (sk == null ? "" : ", sort key " + sk) + (ttl == null ? ", no TTL" : ", TTL " + ttl);
    }

    /** The statements of a migration script: separated by ';' at a line's end; '--' comments left out. */
    static List<String> statements(String script) {
        String text;
        try (InputStream in = SqlSchema.class.getResourceAsStream("/store/migrations/" + script)) {
            if (in == null) {
                throw new IllegalStateException("Schema migration store/migrations/" + script + " is missing from the jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read schema migration " + script, e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
