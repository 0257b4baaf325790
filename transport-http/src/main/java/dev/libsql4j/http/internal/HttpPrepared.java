package dev.libsql4j.http.internal;

import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.spi.PreparedHandle;
import dev.libsql4j.spi.RowStream;
import dev.libsql4j.spi.StatementDescription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        return session.executeWith(byName(bound), true);
    }

    @Override
    public RowStream query(Statement bound) {
        return session.queryWith(byName(bound));
    }

    /**
     * Positional values for a statement with named parameters ({@code :a}, {@code @b},
     * {@code $c}) are sent as named arguments, keyed by each parameter's full name as SQLite
     * numbers them: sqld looks named parameters up by name only, and finds {@code ?NNN} by its
     * exact name too. A bare {@code ?} has no name, so such statements stay positional.
     */
    private Statement byName(Statement bound) {
        List<String> names = description.parameterNames();
        if (bound.args().isEmpty() || bound.args().size() != names.size()) {
            return bound;
        }
        boolean anyNamed = false;
        for (String n : names) {
            if (n == null) {
                return bound;
            }
            anyNamed |= !n.startsWith("?");
        }
        if (!anyNamed) {
            return bound;
        }
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (named.put(names.get(i), bound.args().get(i)) != null) {
                return bound;
            }
        }
        return Statement.named(sql, named);
    }

    @Override
    public void close() {
        session.forgetStoredSql(sql);
    }
}
