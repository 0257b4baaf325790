package dev.libsql4j.http.internal;

import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.spi.PreparedHandle;
import dev.libsql4j.spi.RowStream;
import dev.libsql4j.spi.StatementDescription;

/**
 * A prepared statement over HTTP: its metadata comes from {@code describe}; inside a
 * transaction its SQL is stored on the stream ({@code store_sql}) and sent by id afterwards.
 */
final class HttpPrepared implements PreparedHandle {
    private final HttpSession session;
    private final String sql;
    private final StatementDescription description;

    HttpPrepared(HttpSession session, String sql, StatementDescription description) {
        this.session = session;
        this.sql = sql;
        this.description = description;
    }

    @Override
    public StatementDescription description() {
        return description;
    }

    @Override
    public Result execute(Statement bound) {
        return session.executeWith(bound, true);
    }

    @Override
    public RowStream query(Statement bound) {
        return session.queryWith(bound);
    }

    @Override
    public void close() {
        session.forgetStoredSql(sql);
    }
}
