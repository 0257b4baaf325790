package dev.libsql4j;

/** How a transaction takes its locks. */
public enum TransactionMode {
    /** {@code BEGIN DEFERRED}: locks are taken on first read or write. */
    DEFERRED("BEGIN DEFERRED"),
    /** {@code BEGIN IMMEDIATE}: the write lock is taken at once. */
    IMMEDIATE("BEGIN IMMEDIATE"),
    /** {@code BEGIN EXCLUSIVE}: the write lock is taken at once; on WAL databases same as IMMEDIATE. */
    EXCLUSIVE("BEGIN EXCLUSIVE"),
    /** {@code BEGIN TRANSACTION READONLY} (libSQL): writes inside fail. */
    READ_ONLY("BEGIN TRANSACTION READONLY");

    private final String beginSql;

    TransactionMode(String beginSql) {
        this.beginSql = beginSql;
    }

    /** The SQL statement that opens a transaction in this mode. */
    public String beginSql() {
        return beginSql;
    }
}
