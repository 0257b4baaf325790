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

/** The {@link PreparedStatement} over a transport's {@link PreparedHandle}. */
final class ClientPreparedStatement implements PreparedStatement {
    private final ClientConnection conn;
    private final PreparedHandle handle;
    private final Resource res;
    private final String sql;
    private final StatementDescription description;

    ClientPreparedStatement(ClientConnection conn, PreparedHandle handle, Resource res, String sql) {
        this.conn = conn;
        this.handle = handle;
        this.res = res;
        this.sql = sql;
        this.description = handle.description();
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public int parameterCount() {
        return description.parameterNames().size();
    }

    @Override
    public List<String> parameterNames() {
        return description.parameterNames();
    }

    @Override
    public List<Column> columns() {
        return description.columns();
    }

    @Override
    public boolean isReadOnly() {
        return description.readOnly();
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
