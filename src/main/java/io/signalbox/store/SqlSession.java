package io.signalbox.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection and its prepared statements, each prepared once and reused (SQLite compiles a statement in
 * tens of microseconds, about what running it costs). A session is used by one thread at a time: the writer's by
 * the writer thread, a reader's by the thread that borrowed it.
 */
public final class SqlSession implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Statement plain;

    SqlSession(Connection connection) throws SQLException {
        this.connection = connection;
        this.plain = connection.createStatement();
    }

    /** The statement for {@code sql}, prepared on first use; its parameters are cleared. */
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    /**
     * Runs a statement that takes no parameters and returns no rows (a pragma, DDL); each time it is compiled
     * anew, so the writer's per-transaction statements go through {@link #run} instead.
     */
    public void execute(String sql) throws SQLException {
        plain.execute(sql);
    }

    /** Runs a statement without parameters that is run again and again (BEGIN, COMMIT, SAVEPOINT): prepared once. */
    void run(String sql) throws SQLException {
        prepare(sql).execute();
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // closing
            }
        }
        statements.clear();
        try {
            plain.close();
            connection.close();
        } catch (SQLException e) {
            // closing
        }
    }
}
