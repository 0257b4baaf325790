package dev.libsql4j.http;

import dev.libsql4j.Config;
import dev.libsql4j.http.internal.HttpTransport;
import dev.libsql4j.spi.DatabaseUrl;
import dev.libsql4j.spi.Transport;
import dev.libsql4j.spi.TransportProvider;

/**
 * The Hrana-over-HTTP transport for {@code libsql://}, {@code https://} and {@code http://}
 * URLs ({@link WsTransportProvider} takes {@code ws://}, {@code wss://} and
 * {@code libsql://...?transport=ws}). Found by {@link java.util.ServiceLoader}; users do not call it directly.
 *
 * <p>Transport options ({@link Config.Builder#transportOption}): {@value #OKHTTP_CLIENT} takes
 * an {@code okhttp3.OkHttpClient} whose pool, dispatcher and interceptors the transport derives
 * its clients from (timeouts from {@link Config} still apply); {@value #ENCODING} takes
 * {@code "json"}, {@code "protobuf"} or {@code "auto"} (the default), as does the URL parameter
 * {@code encoding}. With {@code auto} the transport asks {@code GET /v3-protobuf} once and uses
 * Hrana 3 protobuf when the server has it, else Hrana 3 JSON ({@code /v3}), else Hrana 2 JSON.
 */
public final class HttpTransportProvider implements TransportProvider {
    /** Option key for a user-supplied {@code okhttp3.OkHttpClient}. */
    public static final String OKHTTP_CLIENT = HttpTransport.OKHTTP_CLIENT_OPTION;
    /** Option key for the wire encoding: {@code json}, {@code protobuf} or {@code auto}. */
    public static final String ENCODING = HttpTransport.ENCODING_OPTION;

    /** For {@link java.util.ServiceLoader}. */
    public HttpTransportProvider() {
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public boolean accepts(DatabaseUrl url) {
        return url.kind() == DatabaseUrl.Kind.REMOTE && !url.isWebSocket();
    }

    @Override
    public Transport open(Config config) {
        return new HttpTransport(config);
    }
}
