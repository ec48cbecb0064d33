package io.signalbox.store;

import java.sql.SQLException;

/** Work on the database, run with a session: a read on a reader, or a write in the writer's transaction. */
@FunctionalInterface
public interface SqlWork<T> {

    T run(SqlSession session) throws SQLException;
}
