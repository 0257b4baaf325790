package dev.libsql4j;

/**
 * How many resources a {@link Database} has open right now; all zero after every resource was
 * closed. Useful for leak checks.
 *
 * @param connections  open connections
 * @param statements   open prepared statements
 * @param cursors      open cursors
 * @param transactions open transactions
 */
public record ResourceStats(int connections, int statements, int cursors, int transactions) {
    /** True when nothing is open. */
    public boolean isEmpty() {
        return connections == 0 && statements == 0 && cursors == 0 && transactions == 0;
    }
}
