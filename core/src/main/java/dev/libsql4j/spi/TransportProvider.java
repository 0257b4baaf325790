package dev.libsql4j.spi;

import dev.libsql4j.Config;

/**
 * Found through {@link java.util.ServiceLoader}: claims URLs and opens transports for them.
 * Register an implementation in {@code META-INF/services/dev.libsql4j.spi.TransportProvider}.
 */
public interface TransportProvider {
    /** A short name for messages, such as {@code http}. */
    String name();

    /** True if this provider handles the URL. */
    boolean accepts(DatabaseUrl url);

    /**
     * Opens a transport. Should not do network I/O; connection problems surface on first use.
     *
     * @throws IllegalArgumentException if the configuration does not fit this transport
     */
    Transport open(Config config);
}
