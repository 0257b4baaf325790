package dev.libsql4j.fake;

import dev.libsql4j.Config;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.spi.DatabaseUrl;
import dev.libsql4j.spi.Transport;
import dev.libsql4j.spi.TransportProvider;

/**
 * Claims {@code file:} and {@code :memory:} URLs in core's tests (no embedded transport is on
 * this classpath). A test passes its own {@link FakeTransport} as the transport option
 * {@link #OPTION} to inspect what the core did; otherwise a fresh one is used.
 */
public final class FakeTransportProvider implements TransportProvider {
    /** The transport option that carries the {@link FakeTransport} to use. */
    public static final String OPTION = "fake.transport";

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public boolean accepts(DatabaseUrl url) {
        return url.kind() != DatabaseUrl.Kind.REMOTE;
    }

    @Override
    public Transport open(Config config) {
        Object given = config.transportOption(OPTION);
        FakeTransport t = given instanceof FakeTransport f ? f : new FakeTransport();
        t.opened(config);
        return t;
    }

    /** Opens {@code file:fake.db} over {@code fake}. */
    public static Database open(FakeTransport fake) {
        return open("file:fake.db", fake);
    }

    /** Opens {@code url} over {@code fake}. */
    public static Database open(String url, FakeTransport fake) {
        return LibSql.open(Config.builder(url).transportOption(OPTION, fake).build());
    }
}
