package dev.libsql4j.http.internal;

import dev.libsql4j.LibSqlException;
import dev.libsql4j.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each SQL text is read-only, as {@code describe} said, for READ_ONLY transactions (sqld
 * does not enforce them). One per transport, shared by its sessions; bounded. Thread-safe.
 */
final class ReadOnlyCache {
    private static final int MAX = 4096;
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    /** True, false, or null when not known yet. */
    Boolean get(String sql) {
        return known.get(sql);
    }

    void remember(String sql, boolean readOnly) {
        if (known.size() > MAX) {
            known.clear();
        }
        known.put(sql, readOnly);
    }

    /** The distinct SQL texts of {@code stmts} not known yet, to {@code describe}. */
    List<String> unknown(List<Statement> stmts) {
        List<String> out = new ArrayList<>();
        for (Statement s : stmts) {
            if (known.get(s.sql()) == null && !out.contains(s.sql())) {
                out.add(s.sql());
            }
        }
        return out;
    }

    /** Refuses the first statement not known to be read-only. */
    void require(List<Statement> stmts) {
        for (Statement s : stmts) {
            if (!Boolean.TRUE.equals(known.get(s.sql()))) {
                throw new LibSqlException("SQLITE_READONLY", "Cannot write in a READ_ONLY transaction: "
                        + HttpErrors.abbreviate(s.sql()), null);
            }
        }
    }
}
