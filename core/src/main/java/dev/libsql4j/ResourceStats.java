package dev.libsql4j;

/**
 * How many resources a {@link Database} has open right now; all zero after every resource was
 * closed and every call returned. Useful for leak checks: a count that stays above zero after the
 * work is done is a leak.
 *
 * <p>The first four counts are the client's own registries. The last two come from the transport:
 * over HTTP, {@code requests} counts the request slots in use (calls in flight plus open cursors,
 * at most {@link Config#maxConcurrentRequests()}) and {@code streams} the server streams whose
 * baton the client holds (open transactions and cursors being read). A failed call gives back
 * both. A stream the server keeps after its response was lost is not counted: the client no longer
 * holds its baton, and the server expires it by itself. The embedded transport reports 0 for both:
 * its calls run on the caller's thread and hold no slot, native statement and cursor handles are
 * counted as {@code statements} and {@code cursors}, and it has no server streams.
 *
 * @param connections  open connections
 * @param statements   open prepared statements
 * @param cursors      open cursors
 * @param transactions open transactions
 * @param requests     requests in flight in the transport (see above)
 * @param streams      server streams the transport holds open (see above)
 */
public record ResourceStats(int connections, int statements, int cursors, int transactions, int requests,
                            int streams) {
    /**
     * Counts with no requests in flight and no streams open.
     *
     * @param connections  open connections
     * @param statements   open prepared statements
     * @param cursors      open cursors
     * @param transactions open transactions
     */
    public ResourceStats(int connections, int statements, int cursors, int transactions) {
        this(connections, statements, cursors, transactions, 0, 0);
    }

    /** True when nothing is open and nothing is in flight. */
    public boolean isEmpty() {
        return connections == 0 && statements == 0 && cursors == 0 && transactions == 0 && requests == 0
                && streams == 0;
    }

    @Override
    public String toString() {
        return "ResourceStats[connections=" + connections + ", statements=" + statements + ", cursors=" + cursors
                + ", transactions=" + transactions + ", requests in flight=" + requests + ", server streams="
                + streams + "]";
    }
}
