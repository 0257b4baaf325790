package dev.libsql4j.internal;

import dev.libsql4j.LibSqlException;
import dev.libsql4j.spi.DatabaseUrl;
import dev.libsql4j.spi.TransportProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds transport providers with {@link ServiceLoader}. */
final class Providers {
    private static volatile List<TransportProvider> cached;

    private Providers() {
    }

    static TransportProvider find(DatabaseUrl url) {
        List<TransportProvider> all = all();
        for (TransportProvider p : all) {
            if (p.accepts(url)) {
                return p;
            }
        }
        String artifact = url.kind() == DatabaseUrl.Kind.REMOTE
                ? "dev.libsql4j:libsql4j-transport-http" : "dev.libsql4j:libsql4j-transport-embedded";
        List<String> names = new ArrayList<>();
        all.forEach(p -> names.add(p.name()));
        throw new LibSqlException("TRANSPORT_MISSING", "No transport on the classpath handles " + url
                + ": add the dependency " + artifact + " (transports found: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")", null);
    }

    static List<TransportProvider> all() {
        List<TransportProvider> list = cached;
        if (list == null) {
            Map<String, TransportProvider> found = new LinkedHashMap<>();
            load(found, Providers.class.getClassLoader());
            load(found, Thread.currentThread().getContextClassLoader());
            list = List.copyOf(found.values());
            cached = list;
        }
        return list;
    }

    private static void load(Map<String, TransportProvider> found, ClassLoader loader) {
        if (loader == null) {
            return;
        }
        for (TransportProvider p : ServiceLoader.load(TransportProvider.class, loader)) {
            found.putIfAbsent(p.getClass().getName(), p);
        }
    }
}
