package dev.libsql4j.http;

import dev.libsql4j.Config;
import dev.libsql4j.http.internal.WsTransport;
import dev.libsql4j.spi.DatabaseUrl;
import dev.libsql4j.spi.Transport;
import dev.libsql4j.spi.TransportProvider;

/**
 * The Hrana-over-WebSocket transport for {@code ws://} and {@code wss://} URLs, and for
 * {@code libsql://} URLs with {@code ?transport=ws}. Found by {@link java.util.ServiceLoader};
 * users do not call it directly.
 *
 * <p>One socket per {@link dev.libsql4j.Database}, shared by its connections; each connection is
 * one Hrana stream on it. The subprotocol is negotiated in the handshake: {@code hrana3-protobuf}
 * or {@code hrana3} (JSON), falling back to {@code hrana2}/{@code hrana1} where the server offers
 * only those. The URL parameter {@code encoding} (or the transport option
 * {@value HttpTransportProvider#ENCODING}) picks {@code json}, {@code protobuf} or {@code auto}
 * (the default: protobuf when the server has it); {@value HttpTransportProvider#OKHTTP_CLIENT}
 * takes an {@code okhttp3.OkHttpClient} to derive the client from, as over HTTP.
 */
public final class WsTransportProvider implements TransportProvider {
    /** For {@link java.util.ServiceLoader}. */
    public WsTransportProvider() {
    }

    @Override
    public String name() {
        return "ws";
    }

    @Override
    public boolean accepts(DatabaseUrl url) {
        return url.isWebSocket();
    }

    @Override
    public Transport open(Config config) {
        return new WsTransport(config);
    }
}
