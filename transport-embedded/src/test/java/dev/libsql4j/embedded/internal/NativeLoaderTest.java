package dev.libsql4j.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.libsql4j.LibSqlException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's search order and its one error, exercised through {@link NativeLoader#load} with
 * a fake linker (or the JVM's, on files that are not libraries), so the real load that other
 * tests rely on is never attempted or poisoned here.
 */
class NativeLoaderTest {

  private static final String VERSION = "libsql4j_native 0.1.0 (SQLite 3.45.1)";

  @TempDir Path tmp;

  /** Records the calls; fails every load unless told otherwise. */
  static class FakeLinker implements NativeLoader.Linker {
    final List<String> loaded = new ArrayList<>();
    final List<Path> filesSeen = new ArrayList<>();
    String okPath;
    boolean libraryOk;
    String version = VERSION;

    @Override
    public void load(String absolutePath) {
      loaded.add(absolutePath);
      filesSeen.add(Path.of(absolutePath));
      if (!absolutePath.equals(okPath)) {
        throw new UnsatisfiedLinkError(absolutePath + ": invalid ELF header (Possible cause: endianness mismatch)");
      }
    }

    @Override
    public void loadLibrary(String name) {
      loaded.add("lib:" + name);
      if (!libraryOk) {
        throw new UnsatisfiedLinkError("no " + name + " in java.library.path: /opt/none");
      }
    }

    @Override
    public String nativeVersion() {
      return version;
    }
  }

  private NativeLoader.Settings settings(String explicitPath, ClassLoader cl) {
    return new NativeLoader.Settings(explicitPath, tmp.resolve("extract").toString(), "linux-x86_64",
        "liblibsql4j_native.so", "/opt/none", cl);
  }

  private static ClassLoader empty() {
    return new URLClassLoader(new URL[0], null);
  }

  /** A class loader whose classpath holds the bundled resource with the given bytes. */
  private ClassLoader bundling(byte[] content) throws IOException {
    Path root = tmp.resolve("cp");
    Path lib = root.resolve("META-INF/native/linux-x86_64/liblibsql4j_native.so");
    Files.createDirectories(lib.getParent());
    Files.write(lib, content);
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
  }

  @Test
  void badPropertyPathGivesOneErrorListingEveryAttemptAndHowToBuild() {
    FakeLinker linker = new FakeLinker();
    LibSqlException e = catchThrowableOfType(LibSqlException.class,
        () -> NativeLoader.load(settings("/no/such/dir/liblibsql4j_native.so", empty()), linker));

    assertThat(e.code()).isEqualTo(NativeLoader.MISSING_CODE).isEqualTo("NATIVE_LIBRARY_MISSING");
    assertThat(e.getMessage())
        .contains("could not be loaded")
        .contains("1. system property libsql4j.native.path=/no/such/dir/liblibsql4j_native.so: no such file")
        .contains("2. bundled resource META-INF/native/linux-x86_64/liblibsql4j_native.so: not on the classpath")
        .contains("3. System.loadLibrary(\"libsql4j_native\"): no libsql4j_native in java.library.path: /opt/none")
        .contains("bash scripts/build-native.sh")
        .contains("-Dlibsql4j.native.path=");
    // A missing file is not even handed to the linker.
    assertThat(linker.loaded).containsExactly("lib:libsql4j_native");
  }

  @Test
  void unsetPropertyIsListedAsSuch() {
    LibSqlException e = catchThrowableOfType(LibSqlException.class,
        () -> NativeLoader.load(settings(null, empty()), new FakeLinker()));
    assertThat(e.getMessage()).contains("1. system property libsql4j.native.path: not set");
  }

  @Test
  void theLibraryPathIsNamedWhenTheJvmDoesNot() {
    FakeLinker terse = new FakeLinker() {
      @Override
      public void loadLibrary(String name) {
        throw new UnsatisfiedLinkError("not found");
      }
    };
    LibSqlException e = catchThrowableOfType(LibSqlException.class,
        () -> NativeLoader.load(settings(null, empty()), terse));
    assertThat(e.getMessage())
        .contains("3. System.loadLibrary(\"libsql4j_native\") from java.library.path=/opt/none: not found");
  }

  @Test
  void fileThatIsNotALibraryReportsTheJvmReason() throws IOException {
    Path garbage = Files.write(tmp.resolve("liblibsql4j_native.so"), "not an ELF file, just text. ".repeat(100).getBytes(StandardCharsets.UTF_8));
    // The JVM's own System.load on a file that is not a library: it fails and registers nothing.
    NativeLoader.Linker jvmLoadOnly = new FakeLinker() {
      @Override
      public void load(String absolutePath) {
        System.load(absolutePath);
      }
    };
    LibSqlException e = catchThrowableOfType(LibSqlException.class,
        () -> NativeLoader.load(settings(garbage.toString(), empty()), jvmLoadOnly));
    assertThat(e.getMessage())
        .contains("1. system property libsql4j.native.path=" + garbage.toAbsolutePath() + ": ")
        .containsIgnoringCase("elf");
  }

  @Test
  void bundledResourceIsExtractedToAUniqueFileThatIsRemovedAfterwards() throws IOException {
    ClassLoader cl = bundling(new byte[] {1, 2, 3});
    FakeLinker linker = new FakeLinker();
    LibSqlException e = catchThrowableOfType(LibSqlException.class,
        () -> NativeLoader.load(settings(null, cl), linker));
    assertThat(e.getMessage())
        .contains("2. bundled resource META-INF/native/linux-x86_64/liblibsql4j_native.so (extracted to "
            + tmp.resolve("extract") + "): ")
        .contains("invalid ELF header");
    // Once more, as a second JVM would: another file name; both are gone afterwards.
    catchThrowableOfType(LibSqlException.class, () -> NativeLoader.load(settings(null, cl), linker));
    assertThat(linker.filesSeen).hasSize(2).doesNotHaveDuplicates();
    assertThat(linker.filesSeen.get(0).getFileName().toString()).startsWith("liblibsql4j_native-").endsWith(".so");
    try (Stream<Path> left = Files.list(tmp.resolve("extract"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void unwritableTempDirSaysWhichPropertyToSet() throws IOException {
    ClassLoader cl = bundling(new byte[] {1});
    Path notADir = Files.write(tmp.resolve("file"), new byte[0]);
    NativeLoader.Settings s = new NativeLoader.Settings(null, notADir.resolve("sub").toString(), "linux-x86_64",
        "liblibsql4j_native.so", "", cl);
    LibSqlException e = catchThrowableOfType(LibSqlException.class,
        () -> NativeLoader.load(s, new FakeLinker()));
    assertThat(e.getMessage()).contains("cannot extract it to").contains("-Dlibsql4j.native.tmpdir");
  }

  @Test
  void loadsFromTheFirstSourceThatWorks() throws IOException {
    Path lib = Files.write(tmp.resolve("ok.so"), new byte[] {1});
    FakeLinker linker = new FakeLinker();
    linker.okPath = lib.toAbsolutePath().toString();
    assertThat(NativeLoader.load(settings(lib.toString(), bundling(new byte[] {9})), linker)).isEqualTo(VERSION);
    assertThat(linker.loaded).containsExactly(linker.okPath);

    // Property unset, nothing bundled: java.library.path.
    FakeLinker fromPath = new FakeLinker();
    fromPath.libraryOk = true;
    assertThat(NativeLoader.load(settings(null, empty()), fromPath)).isEqualTo(VERSION);
  }

  @Test
  void aLibraryOfAnotherVersionIsRefused() throws IOException {
    Path lib = Files.write(tmp.resolve("old.so"), new byte[] {1});
    FakeLinker linker = new FakeLinker();
    linker.okPath = lib.toAbsolutePath().toString();
    linker.version = "libsql4j_native 0.0.7 (SQLite 3.40.0)";
    LibSqlException e = catchThrowableOfType(LibSqlException.class,
        () -> NativeLoader.load(settings(lib.toString(), empty()), linker));
    assertThat(e.getMessage()).contains("reports version 'libsql4j_native 0.0.7 (SQLite 3.40.0)'")
        .contains("libsql4j_native 0.1.x");

    FakeLinker foreign = new FakeLinker() {
      @Override
      public String nativeVersion() {
        throw new UnsatisfiedLinkError("'java.lang.String dev.libsql4j.embedded.internal.NativeBindings.nativeVersion()'");
      }
    };
    foreign.okPath = linker.okPath;
    LibSqlException e2 = catchThrowableOfType(LibSqlException.class,
        () -> NativeLoader.load(settings(lib.toString(), empty()), foreign));
    assertThat(e2.getMessage()).contains("not libsql4j's native library");
  }

  @Test
  void platformNames() {
    assertThat(NativeLoader.platform("Linux", "amd64")).isEqualTo("linux-x86_64");
    assertThat(NativeLoader.platform("Linux", "aarch64")).isEqualTo("linux-aarch64");
    assertThat(NativeLoader.platform("Mac OS X", "aarch64")).isEqualTo("macos-aarch64");
    assertThat(NativeLoader.platform("Windows 11", "amd64")).isEqualTo("windows-x86_64");
  }

  /** os.name × os.arch × libc, with the spellings JVMs report, to the platform directory name. */
  @Test
  void platformMappingCoversEveryOsArchAndLibc() {
    NativeLoader.Libc glibc = NativeLoader.Libc.GLIBC;
    NativeLoader.Libc musl = NativeLoader.Libc.MUSL;
    NativeLoader.Libc other = NativeLoader.Libc.OTHER;
    assertThat(NativeLoader.platform("Linux", "amd64", glibc)).isEqualTo("linux-x86_64");
    assertThat(NativeLoader.platform("Linux", "x86_64", glibc)).isEqualTo("linux-x86_64");
    assertThat(NativeLoader.platform("Linux", "aarch64", glibc)).isEqualTo("linux-aarch64");
    assertThat(NativeLoader.platform("Linux", "amd64", musl)).isEqualTo("linux-musl-x86_64");
    assertThat(NativeLoader.platform("Linux", "aarch64", musl)).isEqualTo("linux-musl-aarch64");
    assertThat(NativeLoader.platform("Mac OS X", "x86_64", other)).isEqualTo("macos-x86_64");
    assertThat(NativeLoader.platform("Mac OS X", "aarch64", other)).isEqualTo("macos-aarch64");
    assertThat(NativeLoader.platform("Darwin", "arm64", other)).isEqualTo("macos-aarch64");
    assertThat(NativeLoader.platform("Windows Server 2022", "amd64", other)).isEqualTo("windows-x86_64");
    assertThat(NativeLoader.platform("Windows 11", "aarch64", other)).isEqualTo("windows-aarch64");
    assertThat(NativeLoader.platform("Linux", "aarch64", NativeLoader.Libc.BIONIC)).isEqualTo("android-aarch64");
    assertThat(NativeLoader.platform("Linux", "armv7l", NativeLoader.Libc.BIONIC)).isEqualTo("android-arm");
    assertThat(NativeLoader.platform("Linux", "i686", glibc)).isEqualTo("linux-x86");
    assertThat(NativeLoader.platform("FreeBSD", "amd64", other)).isEqualTo("freebsd-x86_64");
    // Every mapped platform that can carry a library is one the error lists.
    assertThat(NativeLoader.KNOWN_PLATFORMS).contains("linux-x86_64", "linux-aarch64", "linux-musl-x86_64",
        "linux-musl-aarch64", "macos-x86_64", "macos-aarch64", "windows-x86_64", "windows-aarch64");
  }

  @Test
  void muslIsDetectedFromTheMappedLibrariesOrTheLoaderInLib() {
    List<String> glibcMaps = List.of(
        "7f1c2a000000-7f1c2a028000 r--p 00000000 08:01 1835 /usr/lib/x86_64-linux-gnu/libc.so.6",
        "7f1c2a200000-7f1c2a22a000 r--p 00000000 08:01 1829 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    List<String> muslMaps = List.of(
        "7f5e8a1b2000-7f5e8a1c6000 r--p 00000000 00:2f 123 /usr/lib/jvm/java-17-openjdk/lib/server/libjvm.so",
        "7f5e8a400000-7f5e8a414000 r--p 00000000 00:2f 456 /lib/ld-musl-aarch64.so.1");
    assertThat(NativeLoader.Libc.mapsShowMusl(glibcMaps.stream())).isFalse();
    assertThat(NativeLoader.Libc.mapsShowMusl(muslMaps.stream())).isTrue();
    assertThat(NativeLoader.Libc.mapsShowMusl(Stream.of("... /usr/lib/libc.musl-x86_64.so.1"))).isTrue();
    assertThat(NativeLoader.Libc.hasMuslLoader(List.of("apk", "ld-musl-x86_64.so.1", "libz.so.1"))).isTrue();
    assertThat(NativeLoader.Libc.hasMuslLoader(List.of("x86_64-linux-gnu", "ld-linux-x86-64.so.2"))).isFalse();

    // This machine (Debian, glibc), and the non-Linux and Android answers.
    assertThat(NativeLoader.Libc.detect("Linux", "OpenJDK 64-Bit Server VM", "Debian")).isEqualTo(NativeLoader.Libc.GLIBC);
    assertThat(NativeLoader.Libc.detect("Mac OS X", "OpenJDK 64-Bit Server VM", "Homebrew")).isEqualTo(NativeLoader.Libc.OTHER);
    assertThat(NativeLoader.Libc.detect("Linux", "Dalvik", "The Android Project")).isEqualTo(NativeLoader.Libc.BIONIC);
  }

  @Test
  void fileNamesMatchWhatEachOsLoads() {
    assertThat(NativeLoader.fileName("linux-aarch64")).isEqualTo("liblibsql4j_native.so");
    assertThat(NativeLoader.fileName("linux-musl-x86_64")).isEqualTo("liblibsql4j_native.so");
    assertThat(NativeLoader.fileName("macos-aarch64")).isEqualTo("liblibsql4j_native.dylib");
    assertThat(NativeLoader.fileName("windows-x86_64")).isEqualTo("libsql4j_native.dll");
    // This JVM: the name the loader looks for is the one the JVM itself would load.
    NativeLoader.Settings here = NativeLoader.Settings.fromSystem();
    assertThat(here.fileName()).isEqualTo(System.mapLibraryName(NativeLoader.LIBRARY_NAME));
    assertThat(NativeLoader.KNOWN_PLATFORMS).contains(here.platform());
    if (System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64")
        && Files.exists(Path.of("/etc/debian_version"))) {
      assertThat(here.platform()).isEqualTo("linux-x86_64");   // this project's machines
    }
  }

  /** A class loader holding a fake library for each given platform at its resource name; its bytes name the platform. */
  private ClassLoader fakeJar(List<String> platforms) throws IOException {
    Path root = Files.createTempDirectory(tmp, "jar");
    for (String p : platforms) {
      Path lib = root.resolve(NativeLoader.resource(p, NativeLoader.fileName(p)));
      Files.createDirectories(lib.getParent());
      Files.writeString(lib, p);
    }
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
  }

  /**
   * The jar the CI workflow assembles carries every platform's library; on each OS, arch and libc
   * the loader must extract exactly that platform's file. Fake libraries whose bytes name their
   * platform show which file the linker was handed.
   */
  @Test
  void eachPlatformLoadsItsOwnBundledLibrary() throws IOException {
    ClassLoader jar = fakeJar(NativeLoader.KNOWN_PLATFORMS);
    record Case(String osName, String osArch, NativeLoader.Libc libc, String expected) { }
    List<Case> cases = List.of(
        new Case("Linux", "amd64", NativeLoader.Libc.GLIBC, "linux-x86_64"),
        new Case("Linux", "aarch64", NativeLoader.Libc.GLIBC, "linux-aarch64"),
        new Case("Linux", "amd64", NativeLoader.Libc.MUSL, "linux-musl-x86_64"),
        new Case("Linux", "aarch64", NativeLoader.Libc.MUSL, "linux-musl-aarch64"),
        new Case("Mac OS X", "x86_64", NativeLoader.Libc.OTHER, "macos-x86_64"),
        new Case("Mac OS X", "aarch64", NativeLoader.Libc.OTHER, "macos-aarch64"),
        new Case("Windows 11", "amd64", NativeLoader.Libc.OTHER, "windows-x86_64"),
        new Case("Windows 11", "aarch64", NativeLoader.Libc.OTHER, "windows-aarch64"));
    for (Case c : cases) {
      List<String> loadedContent = new ArrayList<>();
      FakeLinker linker = new FakeLinker() {
        @Override
        public void load(String absolutePath) {
          try {
            loadedContent.add(Files.readString(Path.of(absolutePath)));
          } catch (IOException e) {
            throw new UnsatisfiedLinkError(e.toString());
          }
        }
      };
      String platform = NativeLoader.platform(c.osName(), c.osArch(), c.libc());
      NativeLoader.Settings s = NativeLoader.Settings.forPlatform(platform, null, tmp.resolve("x").toString(), "", jar);
      assertThat(NativeLoader.load(s, linker)).as("%s", c).isEqualTo(VERSION);
      assertThat(loadedContent).as("%s", c).containsExactly(c.expected());
      assertThat(s.resource()).isEqualTo("META-INF/native/" + c.expected() + "/" + NativeLoader.fileName(c.expected()));
    }
  }

  @Test
  void onAPlatformWithoutABundledLibraryTheErrorNamesItListsTheJarAndSaysHowToSupplyOne() throws IOException {
    ClassLoader jar = fakeJar(List.of("linux-x86_64", "linux-aarch64"));
    for (String platform : List.of("linux-musl-x86_64", "macos-aarch64", "windows-x86_64")) {
      NativeLoader.Settings s = NativeLoader.Settings.forPlatform(platform, null, tmp.toString(), "/opt/none", jar);
      LibSqlException e = catchThrowableOfType(LibSqlException.class, () -> NativeLoader.load(s, new FakeLinker()));
      assertThat(e.code()).isEqualTo("NATIVE_LIBRARY_MISSING");
      assertThat(e.getMessage())
          .as(platform)
          .contains("(" + NativeLoader.fileName(platform) + " for " + platform + ") could not be loaded")
          .contains("2. bundled resource META-INF/native/" + platform + "/" + NativeLoader.fileName(platform)
              + ": not on the classpath")
          .contains("This jar bundles the library for: linux-x86_64, linux-aarch64 (not for " + platform + ")")
          .contains("On " + platform + ", build native/ there with `bash scripts/build-native.sh`")
          .contains("-Dlibsql4j.native.path=<that path>");
      assertThat(e.getMessage().contains("musl libc")).as(platform).isEqualTo(platform.startsWith("linux-musl"));
    }
    LibSqlException none = catchThrowableOfType(LibSqlException.class, () -> NativeLoader.load(
        NativeLoader.Settings.forPlatform("macos-x86_64", null, tmp.toString(), "", empty()), new FakeLinker()));
    assertThat(none.getMessage()).contains("This jar bundles the library for: no platform (not for macos-x86_64)");
  }
}
