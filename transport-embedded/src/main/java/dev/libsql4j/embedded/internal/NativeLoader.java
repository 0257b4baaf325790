package dev.libsql4j.embedded.internal;

import dev.libsql4j.LibSqlException;
import dev.libsql4j.embedded.EmbeddedTransportProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code libsql4j_native} once per class loader, in this order (as sqlite-jdbc does):
 * <ol>
 *   <li>the file named by the system property {@value #PATH_PROPERTY};</li>
 *   <li>the library bundled in the jar at {@code META-INF/native/<os>-<arch>/}, copied to a file of
 *       its own under {@value #TMPDIR_PROPERTY} (default {@code java.io.tmpdir}), so concurrent JVMs
 *       never write the same file;</li>
 *   <li>{@code System.loadLibrary("libsql4j_native")} from {@code java.library.path}.</li>
 * </ol>
 * After loading it calls {@code nativeVersion()} to check that the library is ours and matches
 * these bindings. If nothing works, one {@link LibSqlException} with code {@value #MISSING_CODE}
 * lists every attempt, why it failed, and how to build the library. The outcome (success or that
 * failure) is remembered; the load is attempted once. Thread-safe.
 */
final class NativeLoader {
    static final String PATH_PROPERTY = EmbeddedTransportProvider.NATIVE_PATH_PROPERTY;
    static final String TMPDIR_PROPERTY = EmbeddedTransportProvider.NATIVE_TMPDIR_PROPERTY;
    static final String MISSING_CODE = EmbeddedTransportProvider.NATIVE_LIBRARY_MISSING;
    /** The library name for {@link System#loadLibrary}. */
    static final String LIBRARY_NAME = "libsql4j_native";
    /** The crate version prefix ({@code major.minor.}) these bindings were written for. */
    static final String EXPECTED_VERSION_PREFIX = "0.1.";
    static final String BUILD_HINT = "Build it with `bash scripts/build-native.sh` (needs Rust/cargo; it prints the path of the"
            + " library) and pass -D" + PATH_PROPERTY + "=<that path>, or build the module with Maven"
            + " (`mvn install -pl transport-embedded -am`), which bundles the library in the jar";

    private static final Logger LOG = LoggerFactory.getLogger(NativeLoader.class);
    private static final Object LOCK = new Object();
    private static volatile String version;
    private static LibSqlException failure;

    private NativeLoader() {
    }

    /**
     * Loads the library if that has not happened yet.
     *
     * @return the native version string
     * @throws LibSqlException with code {@value #MISSING_CODE} if it cannot be loaded
     */
    static String ensureLoaded() {
        String v = version;
        if (v != null) {
            return v;
        }
        synchronized (LOCK) {
            if (version != null) {
                return version;
            }
            if (failure == null) {
                try {
                    version = load(Settings.fromSystem(), SYSTEM);
                    LOG.debug("Loaded {}", version);
                    return version;
                } catch (LibSqlException e) {
                    failure = e;
                }
            }
            // A fresh exception per caller, so stack traces show where each caller was.
            throw new LibSqlException(failure.code(), failure.getMessage(), failure);
        }
    }

    /** What the loader needs from the environment; a record so tests can supply their own. */
    record Settings(String explicitPath, String tmpDir, String platform, String fileName, String libraryPath,
                    ClassLoader classLoader) {
        static Settings fromSystem() {
            String osName = System.getProperty("os.name", "");
            String platform = NativeLoader.platform(osName, System.getProperty("os.arch", ""), Libc.detect(osName,
                    System.getProperty("java.vm.name", ""), System.getProperty("java.vendor", "")));
            return forPlatform(platform, System.getProperty(PATH_PROPERTY), System.getProperty(TMPDIR_PROPERTY,
                    System.getProperty("java.io.tmpdir")), System.getProperty("java.library.path", ""),
                    NativeLoader.class.getClassLoader());
        }

        /** The settings for {@code platform}, with that platform's library file name. */
        static Settings forPlatform(String platform, String explicitPath, String tmpDir, String libraryPath,
                                    ClassLoader classLoader) {
            return new Settings(explicitPath, tmpDir, platform, NativeLoader.fileName(platform), libraryPath, classLoader);
        }

        String resource() {
            return NativeLoader.resource(platform, fileName);
        }
    }

    /**
     * The C library the JVM runs on, which decides which Linux build fits: the bundled Linux
     * libraries link against glibc and do not load on musl (Alpine) or Android's bionic.
     */
    enum Libc {
        GLIBC, MUSL, BIONIC, OTHER;

        /** Detects it for this JVM ({@code OTHER} when not on Linux). */
        static Libc detect(String osName, String vmName, String vendor) {
            if (vmName.contains("Dalvik") || vendor.contains("Android")) {
                return BIONIC;
            }
            if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
                return OTHER;
            }
            // The libraries mapped into this process say which libc the JVM itself uses.
            try (Stream<String> maps = Files.lines(Paths.get("/proc/self/maps"))) {
                return mapsShowMusl(maps) ? MUSL : GLIBC;
            } catch (IOException | RuntimeException e) {
                // No /proc: a musl system has its dynamic loader at /lib/ld-musl-<arch>.so.1.
                String[] lib = new File("/lib").list();
                return lib != null && hasMuslLoader(Arrays.asList(lib)) ? MUSL : GLIBC;
            }
        }

        /** True if lines of {@code /proc/self/maps} show musl's libc/loader mapped. */
        static boolean mapsShowMusl(Stream<String> lines) {
            return lines.anyMatch(l -> l.contains("/ld-musl-") || l.contains("/libc.musl-"));
        }

        /** True if the names in {@code /lib} include musl's dynamic loader. */
        static boolean hasMuslLoader(Collection<String> libEntries) {
            return libEntries.stream().anyMatch(n -> n.startsWith("ld-musl-"));
        }
    }

    /** Every platform name a bundled library may carry, in the order the missing-library error lists them. */
    static final List<String> KNOWN_PLATFORMS = List.of("linux-x86_64", "linux-aarch64", "linux-musl-x86_64",
            "linux-musl-aarch64", "macos-x86_64", "macos-aarch64", "windows-x86_64", "windows-aarch64",
            "android-aarch64", "android-arm", "android-x86_64");

    /** The library's file name on {@code platform}, as {@link System#mapLibraryName} gives it there. */
    static String fileName(String platform) {
        if (platform.startsWith("windows-")) {
            return LIBRARY_NAME + ".dll";
        }
        return "lib" + LIBRARY_NAME + (platform.startsWith("macos-") ? ".dylib" : ".so");
    }

    /** {@code META-INF/native/<platform>/<file name>}: where a jar carries the library for a platform. */
    static String resource(String platform, String fileName) {
        return "META-INF/native/" + platform + "/" + fileName;
    }

    /** The platforms whose library {@code cl} can see at their resource name. */
    static List<String> bundledPlatforms(ClassLoader cl) {
        List<String> found = new ArrayList<>();
        for (String p : KNOWN_PLATFORMS) {
            if (cl.getResource(resource(p, fileName(p))) != null) {
                found.add(p);
            }
        }
        return found;
    }

    /** The JVM operations the loader performs; replaced in tests. */
    interface Linker {
        void load(String absolutePath);

        void loadLibrary(String name);

        String nativeVersion();
    }

    static final Linker SYSTEM = new Linker() {
        @Override
        public void load(String absolutePath) {
            System.load(absolutePath);
        }

        @Override
        public void loadLibrary(String name) {
            System.loadLibrary(name);
        }

        @Override
        public String nativeVersion() {
            return NativeBindings.nativeVersion();
        }
    };

    /** {@link #platform(String, String, Libc)} for a glibc Linux (or any non-Linux OS). */
    static String platform(String osName, String osArch) {
        return platform(osName, osArch, Libc.GLIBC);
    }

    /**
     * The platform name of a JVM: {@code <os>-<arch>} with os {@code linux} (glibc), {@code linux-musl},
     * {@code android}, {@code macos} or {@code windows} and arch {@code x86_64}, {@code aarch64},
     * {@code arm}, {@code x86}, ...; e.g. {@code linux-x86_64}, {@code linux-musl-aarch64},
     * {@code macos-aarch64}, {@code windows-x86_64}.
     */
    static String platform(String osName, String osArch, Libc libc) {
        String os = osName.toLowerCase(Locale.ROOT);
        String o;
        if (libc == Libc.BIONIC) {
            o = "android";
        } else if (os.startsWith("linux")) {
            o = libc == Libc.MUSL ? "linux-musl" : "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            o = "macos";
        } else if (os.startsWith("windows")) {
            o = "windows";
        } else {
            o = os.replaceAll("[^a-z0-9]", "");
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        String a = switch (arch) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i486", "i586", "i686" -> "x86";
            case "arm", "armv7", "armv7l", "armeabi-v7a" -> "arm";
            default -> arch.replaceAll("[^a-z0-9_]", "");
        };
        return o + "-" + a;
    }

    /**
     * Tries each source in order and returns the version of the first library that loads and
     * answers; otherwise throws the one error listing every attempt.
     */
    static String load(Settings s, Linker linker) {
        List<String> attempts = new ArrayList<>(3);

        // 1. An explicit path.
        if (s.explicitPath() == null || s.explicitPath().trim().isEmpty()) {
            attempts.add("system property " + PATH_PROPERTY + ": not set");
        } else {
            Path p = Paths.get(s.explicitPath()).toAbsolutePath();
            String why;
            if (!Files.isRegularFile(p)) {
                why = Files.exists(p) ? "not a regular file" : "no such file";
            } else {
                why = tryLoad(linker, () -> linker.load(p.toString()));
                if (why == null) {
                    String v = checkVersion(linker, attempts, "system property " + PATH_PROPERTY + "=" + p);
                    if (v != null) {
                        return v;
                    }
                    throw missing(s, attempts);
                }
            }
            attempts.add("system property " + PATH_PROPERTY + "=" + p + ": " + why);
            LOG.warn("{} names {}, which cannot be loaded ({}); trying the other sources", PATH_PROPERTY, p, why);
        }

        // 2. The library bundled in the jar.
        String resource = s.resource();
        String where = "bundled resource " + resource;
        ClassLoader cl = s.classLoader() != null ? s.classLoader() : ClassLoader.getSystemClassLoader();
        if (cl.getResource(resource) == null) {
            attempts.add(where + ": not on the classpath (no library was bundled for " + s.platform()
                    + "; the jar was built without it, or for another platform)");
        } else {
            Path extracted = null;
            String why;
            try {
                extracted = extract(cl, resource, s);
                Path file = extracted;
                why = tryLoad(linker, () -> linker.load(file.toString()));
            } catch (IOException | RuntimeException e) {
                why = "cannot extract it to " + s.tmpDir() + " (" + e + "); set -D" + TMPDIR_PROPERTY
                        + " to a writable directory";
            } finally {
                // The loaded library stays mapped after its file is gone (Linux, macOS); on Windows the
                // delete fails while it is loaded, so it goes at exit instead.
                if (extracted != null) {
                    deleteQuietly(extracted);
                }
            }
            if (why == null) {
                String v = checkVersion(linker, attempts, where);
                if (v != null) {
                    return v;
                }
                throw missing(s, attempts);
            }
            attempts.add(where + " (extracted to " + s.tmpDir() + "): " + why
                    + (why.contains("failed to map segment") || why.contains("operation not permitted")
                    ? " (is the directory mounted noexec? set -D" + TMPDIR_PROPERTY + ")" : ""));
        }

        // 3. java.library.path.
        String why = tryLoad(linker, () -> linker.loadLibrary(LIBRARY_NAME));
        if (why == null) {
            String v = checkVersion(linker, attempts, "System.loadLibrary(\"" + LIBRARY_NAME + "\")");
            if (v != null) {
                return v;
            }
        } else {
            // The JVM's message usually names the path already.
            boolean named = !s.libraryPath().isEmpty() && why.contains(s.libraryPath());
            attempts.add("System.loadLibrary(\"" + LIBRARY_NAME + "\")" + (named ? "" : " from java.library.path="
                    + (s.libraryPath().isEmpty() ? "(empty)" : s.libraryPath())) + ": " + why);
        }
        throw missing(s, attempts);
    }

    /** Null if it worked, else why not. */
    private static String tryLoad(Linker linker, Runnable load) {
        try {
            load.run();
            return null;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            String m = e.getMessage();
            return m == null || m.trim().isEmpty() ? e.getClass().getSimpleName() : m;
        }
    }

    /**
     * The version, or null after adding why the loaded library is unusable. A library that loaded
     * but is not ours (or is too old) cannot be unloaded, so the loader stops there.
     */
    private static String checkVersion(Linker linker, List<String> attempts, String where) {
        String v;
        try {
            v = linker.nativeVersion();
        } catch (UnsatisfiedLinkError e) {
            attempts.add(where + ": loaded, but it is not libsql4j's native library or is out of date (nativeVersion()"
                    + " is missing: " + e.getMessage() + ")");
            return null;
        } catch (RuntimeException e) {
            attempts.add(where + ": loaded, but nativeVersion() failed: " + e);
            return null;
        }
        String expected = "libsql4j_native " + EXPECTED_VERSION_PREFIX;
        if (v == null || !v.startsWith(expected)) {
            attempts.add(where + ": loaded, but it reports version '" + v + "' and these bindings need '"
                    + expected + "x'; rebuild it from the same source tree");
            return null;
        }
        return v;
    }

    private static Path extract(ClassLoader cl, String resource, Settings s) throws IOException {
        Path dir = Paths.get(s.tmpDir());
        Files.createDirectories(dir);
        String name = s.fileName();
        int dot = name.lastIndexOf('.');
        // A unique name per extraction: two JVMs (or class loaders) never write one file.
        Path file = Files.createTempFile(dir, (dot > 0 ? name.substring(0, dot) : name) + "-",
                dot > 0 ? name.substring(dot) : "");
        try (InputStream in = cl.getResourceAsStream(resource); OutputStream out = Files.newOutputStream(file)) {
            if (in == null) {
                throw new IOException("resource " + resource + " vanished");
            }
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
        return file;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            file.toFile().deleteOnExit();
        }
    }

    static LibSqlException missing(Settings s, List<String> attempts) {
        StringBuilder sb = new StringBuilder("The libsql4j native library (").append(s.fileName()).append(" for ")
                .append(s.platform()).append(") could not be loaded, so file: and :memory: databases are unavailable."
                        + " Tried:");
        for (int i = 0; i < attempts.size(); i++) {
            sb.append("\n  ").append(i + 1).append(". ").append(attempts.get(i));
        }
        ClassLoader cl = s.classLoader() != null ? s.classLoader() : ClassLoader.getSystemClassLoader();
        List<String> bundled = bundledPlatforms(cl);
        sb.append("\nThis jar bundles the library for: ")
                .append(bundled.isEmpty() ? "no platform" : String.join(", ", bundled));
        if (!bundled.contains(s.platform())) {
            sb.append(" (not for ").append(s.platform()).append(')');
            if (s.platform().startsWith("linux-musl-")) {
                sb.append("; this JVM runs on musl libc (e.g. Alpine), and the bundled Linux libraries need glibc");
            }
            sb.append(".\nOn ").append(s.platform()).append(", build native/ there with `bash scripts/build-native.sh`"
                    + " (Rust/cargo, cmake, a C/C++ compiler; it prints the library's path) and pass -D")
                    .append(PATH_PROPERTY).append("=<that path>, or put ").append(s.fileName())
                    .append(" on java.library.path.");
        } else {
            sb.append(".\n").append(BUILD_HINT).append('.');
        }
        return new LibSqlException(MISSING_CODE, sb.toString(), null);
    }
}
