package dev.libsql4j.http.internal;

import dev.libsql4j.Statement;
import java.util.List;

/**
 * Builds one pipeline request body in the transport's encoding (Hrana 3 JSON or protobuf) and
 * counts the requests in it; each method returns the index of the request it added. The session
 * logic only talks to this type, so it does not depend on the encoding.
 */
abstract class RequestWriter {
    /** One step of a batch: a statement (or bare SQL), an optional condition, an optional sql id. */
    record Step(Cond cond, Statement stmt, String sql, int sqlId) {
        static Step of(Cond cond, Statement stmt) {
            return new Step(cond, stmt, null, -1);
        }

        static Step sql(Cond cond, String sql) {
            return new Step(cond, null, sql, -1);
        }
    }

    /** The number of requests written so far. */
    protected int count;

    /** The number of requests written so far. */
    final int count() {
        return count;
    }

    /** {@code execute} of a statement; {@code sqlId >= 0} sends the stored SQL id instead of the text. */
    abstract int execute(Statement s, int sqlId);

    /** {@code execute} of bare SQL without arguments, rows not wanted. */
    abstract int executeSql(String sql);

    abstract int batch(List<Step> steps);

    abstract int sequence(String sql);

    abstract int describe(String sql);

    abstract int storeSql(int id, String sql);

    abstract int closeSql(int id);

    abstract int getAutocommit();

    abstract int close();

    /** Ends the body and returns its bytes. */
    abstract byte[] finish();

    /** Refuses a float neither encoding should carry: JSON cannot, and results must not depend on the encoding. */
    static void checkFinite(double d, String name, int index) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("Argument " + (name != null ? "'" + name + "'" : String.valueOf(index + 1))
                    + " is " + d + ", which the Hrana JSON protocol cannot carry (refused under every encoding)");
        }
    }
}
