package dev.libsql4j.it;

import dev.libsql4j.ConnectionException;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import java.io.File;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs as a user's application would, on the class path Maven resolved for it. Checks that every
 * library is there in one version (Kotlin's standard library comes from OkHttp and Okio), that the
 * HTTP transport runs (OkHttp and Kotlin code on the call path), that the JDBC driver is
 * registered, and, with the embedded transport, reads back data it wrote. Exits non-zero on the
 * first failed check.
 */
public final class FreshApp {
    private FreshApp() {
    }

    public static void main(String[] args) throws Exception {
        boolean embedded = args.length > 0 && Boolean.parseBoolean(args[0]);
        oneVersionPerJar();
        httpTransportRuns();
        jdbcDriverIsRegistered();
        if (embedded) {
            embeddedTransportReadsBack();
        } else {
            embeddedTransportIsNamedWhenMissing();
        }
        System.out.println("fresh app: all checks passed (embedded transport: " + embedded + ")");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** Every jar on the class path is {@code name-version.jar}; one version per name, one Kotlin version. */
    private static void oneVersionPerJar() {
        Pattern jar = Pattern.compile("(.+?)-(\\d[^-]*(?:-SNAPSHOT)?)\\.jar");
        Map<String, String> versions = new TreeMap<>();
        String kotlin = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher m = jar.matcher(new File(entry).getName());
            if (!m.matches()) {
                continue;
            }
            String previous = versions.put(m.group(1), m.group(2));
            check(previous == null, "two versions of " + m.group(1) + ": " + previous + " and " + m.group(2));
            if (m.group(1).startsWith("kotlin-")) {
                check(kotlin == null || kotlin.equals(m.group(2)), "Kotlin in two versions: " + versions);
                kotlin = m.group(2);
            }
        }
        check(versions.containsKey("libsql4j-transport-http"), "the HTTP transport is not on the class path: "
                + versions);
        check(versions.containsKey("kotlin-stdlib"), "kotlin-stdlib (needed by OkHttp) is missing: " + versions);
        System.out.println("class path: " + versions);
    }

    /** A request to a port nobody listens on fails as a connection error that names the URL. */
    private static void httpTransportRuns() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        try (Database db = LibSql.open(url); dev.libsql4j.Connection c = db.connect()) {
            c.execute("SELECT 1");
            throw new AssertionError("SELECT 1 against " + url + " succeeded; nothing listens there");
        } catch (ConnectionException e) {
            check(String.valueOf(e.getMessage()).contains("127.0.0.1:" + port), "the error does not name the server: "
                    + e);
        }
    }

    private static void jdbcDriverIsRegistered() throws Exception {
        String name = DriverManager.getDriver("jdbc:libsql:http://127.0.0.1:8080").getClass().getName();
        check(name.equals("dev.libsql4j.jdbc.LibSqlDriver"), "jdbc:libsql: is served by " + name);
    }

    private static void embeddedTransportReadsBack() throws Exception {
        try (Database db = LibSql.open(":memory:"); dev.libsql4j.Connection c = db.connect()) {
            c.execute("CREATE TABLE t(a TEXT)");
            c.execute("INSERT INTO t VALUES (?)", "fresh");
            String a = c.execute("SELECT a FROM t").rows().get(0).getString(0);
            check("fresh".equals(a), "read back " + a);
        }
        try (Connection c = DriverManager.getConnection("jdbc:libsql::memory:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 40 + 2")) {
            check(rs.next() && rs.getInt(1) == 42, "JDBC did not read 42");
        }
    }

    private static void embeddedTransportIsNamedWhenMissing() {
        try (Database db = LibSql.open(":memory:")) {
            throw new AssertionError(":memory: opened without the embedded transport: " + db);
        } catch (LibSqlException e) {
            check(e.getMessage().contains("libsql4j-transport-embedded"), "the error does not name the artifact: " + e);
        }
    }
}
