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
 * A prepared statement over HTTP or WebSocket. Preparing sends nothing: running it costs one request, as an
 * unprepared statement does. Its metadata comes from {@code describe}, asked for the first time
 * {@link #description()} is called and kept for the statement's life. Inside a transaction its
 * SQL is stored on the stream ({@code store_sql}) and sent by id afterwards.
 *
 * <p>A statement that does not compile therefore fails at its first run (or its first
 * {@link #description()}), with the error sqld gives for it, instead of at prepare time.
 */
final class HttpPrepared implements PreparedHandle {
    /** What a prepared statement needs from its session; {@link HttpSession} and {@link WsSession} give it. */
    interface Owner {
        Result executeWith(Statement stmt, boolean prepared);

        RowStream queryWith(Statement stmt);

        StatementDescription describe(String sql);

        void forgetStoredSql(String sql);
    }

    /** Marks "the SQL text could not settle the parameter names": ask {@code describe}. */
    private static final List<String> UNKNOWN = List.of();

    private final Owner session;
    private final String sql;
    private StatementDescription description;
    private List<String> localNames;

    HttpPrepared(Owner session, String sql) {
        this.session = session;
        this.sql = sql;
    }

    /** Asks the server the first time (one {@code describe} request), then answers from memory. */
    @Override
    public StatementDescription description() {
        if (description == null) {
            description = session.describe(sql);
        }
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

    /** The parameter names: from the description if it is known, else from the SQL text, else from describe. */
    private List<String> parameterNames() {
        if (description != null) {
            return description.parameterNames();
        }
        if (localNames == null) {
            List<String> scanned = SqlText.parameterNames(sql);
            localNames = scanned == null ? UNKNOWN : scanned;
        }
        return localNames != UNKNOWN ? localNames : description().parameterNames();
    }

    /**
     * Positional values for a statement with named parameters ({@code :a}, {@code @b},
     * {@code $c}) are sent as named arguments, keyed by each parameter's full name as SQLite
     * numbers them: sqld looks named parameters up by name only, and finds {@code ?NNN} by its
     * exact name too. A bare {@code ?} has no name, so such statements stay positional.
     */
    private Statement byName(Statement bound) {
        if (bound.args().isEmpty()) {
            return bound;
        }
        List<String> names = parameterNames();
        if (bound.args().size() != names.size()) {
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
