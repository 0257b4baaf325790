package dev.libsql4j.jdbc;

import java.sql.SQLException;
import java.sql.Savepoint;

/** A savepoint of one transaction of a {@link JdbcConnection}. */
final class JdbcSavepoint implements Savepoint {
    private final int id;
    private final String name;
    private final long transaction;

    JdbcSavepoint(int id, String name, long transaction) {
        this.id = id;
        this.name = name;
        this.transaction = transaction;
    }

    /** The name used in SQL: the given name, or one made from the id. */
    String sqlName() {
        return name != null ? name : "libsql4j_sp_" + id;
    }

    long transaction() {
        return transaction;
    }

    @Override
    public int getSavepointId() throws SQLException {
        if (name != null) {
            throw new SQLException("Savepoint '" + name + "' is named; it has no id", "HY024");
        }
        return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (name == null) {
            throw new SQLException("Savepoint " + id + " is unnamed; use getSavepointId()", "HY024");
        }
        return name;
    }

    @Override
    public String toString() {
        return name != null ? "Savepoint[" + name + "]" : "Savepoint[" + id + "]";
    }
}
