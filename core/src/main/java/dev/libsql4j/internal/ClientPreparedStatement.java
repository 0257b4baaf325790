package dev.libsql4j.internal;

import dev.libsql4j.Column;
import dev.libsql4j.Cursor;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.spi.PreparedHandle;
import dev.libsql4j.spi.StatementDescription;
import java.util.List;
import java.util.Map;

/**
 * The {@link PreparedStatement} over a transport's {@link PreparedHandle}. The metadata is read
 * from the handle on first use, under the connection's lock: over HTTP that is a request the
 * statement's runs do not need, so a statement that is only run never pays for it.
 */
final class ClientPreparedStatement implements PreparedStatement {
    private final ClientConnection conn;
    private final PreparedHandle handle;
    private final Resource res;
    private final String sql;
    private volatile StatementDescription description;

    ClientPreparedStatement(ClientConnection conn, PreparedHandle handle, Resource res, String sql) {
        this.conn = conn;
        this.handle = handle;
        this.res = res;
        this.sql = sql;
    }

    private StatementDescription description() {
        StatementDescription d = description;
        if (d == null) {
            d = conn.call(res, handle::description);
            description = d;
        }
        return d;
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public int parameterCount() {
        return description().parameterNames().size();
    }

    @Override
    public List<String> parameterNames() {
        return description().parameterNames();
    }

    @Override
    public List<Column> columns() {
        return description().columns();
    }

    @Override
    public boolean isReadOnly() {
        return description().readOnly();
    }

    @Override
    public Result execute(Object... args) {
        return conn.executePrepared(res, handle, Statement.of(sql, args));
    }

    @Override
    public Result execute(Map<String, ?> namedArgs) {
        return conn.executePrepared(res, handle, Statement.named(sql, namedArgs));
    }

    @Override
    public Cursor query(Object... args) {
        return conn.queryPrepared(res, handle, Statement.of(sql, args));
    }

    @Override
    public Cursor query(Map<String, ?> namedArgs) {
        return conn.queryPrepared(res, handle, Statement.named(sql, namedArgs));
    }

    @Override
    public void close() {
        res.close();
    }

    @Override
    public String toString() {
        return res.toString();
    }
}
