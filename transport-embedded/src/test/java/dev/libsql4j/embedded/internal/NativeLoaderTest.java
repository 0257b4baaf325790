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
}
