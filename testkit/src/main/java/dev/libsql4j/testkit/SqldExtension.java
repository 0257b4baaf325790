package dev.libsql4j.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link SqldServer} for all tests of a class.
 *
 * <pre>{@code
 * class MyIT {
 *   @RegisterExtension static final SqldExtension SQLD = new SqldExtension();
 *
 *   @Test void works(SqldServer sqld) {
 *     String url = sqld.url();
 *   }
 * }
 * }</pre>
 *
 * <p>Register it in a {@code static} field: the server starts before all tests of the class
 * ({@link BeforeAllCallback}) and is stopped, with its temp directory deleted, after them. Test
 * and lifecycle methods can take a {@link SqldServer} parameter, and with {@link #withAuth()} also
 * a {@link JwtSigner}. {@code @Nested} classes share the outer class's server.
 *
 * <p>If the sqld binary is missing, every test of the class fails with a message that says to run
 * {@value SqldServer#INSTALL_COMMAND}.
 */
public final class SqldExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private final SqldServer.Options options;
  private final JwtSigner signer;

  private SqldServer server;
  private int depth;

  /** Creates an extension for a server without authentication. */
  public SqldExtension() {
    this(SqldServer.Options.defaults(), null);
  }

  /**
   * Creates an extension with custom start options.
   *
   * @param options how to start sqld
   */
  public SqldExtension(SqldServer.Options options) {
    this(options, null);
  }

  private SqldExtension(SqldServer.Options options, JwtSigner signer) {
    this.options = options.copy();
    this.signer = signer;
    if (signer != null) {
      this.options.authJwtPublicKey(signer.publicKey());
    }
  }

  /**
   * Creates an extension whose server requires JWT authentication. A fresh Ed25519 key pair is
   * generated with the JDK; sqld gets the public key through {@code --auth-jwt-key-file} and
   * {@link #signer()} signs tokens with the private key.
   *
   * @return the extension
   */
  public static SqldExtension withAuth() {
    return withAuth(SqldServer.Options.defaults());
  }

  /**
   * Like {@link #withAuth()}, with custom start options. Any key settings in {@code options} are
   * replaced by the generated key.
   *
   * @param options how to start sqld
   * @return the extension
   */
  public static SqldExtension withAuth(SqldServer.Options options) {
    return new SqldExtension(options, JwtSigner.random());
  }

  /**
   * Returns the running server.
   *
   * @return the server
   * @throws IllegalStateException outside the test class's lifetime, or if the extension was not
   *     registered in a static field
   */
  public synchronized SqldServer server() {
    if (server == null) {
      throw new IllegalStateException(
          "sqld is not running: register SqldExtension in a static @RegisterExtension field and"
              + " use it only while the test class runs");
    }
    return server;
  }

  /**
   * Returns the signer whose tokens the server accepts.
   *
   * @return the signer
   * @throws IllegalStateException if the extension was not created with {@link #withAuth()}
   */
  public JwtSigner signer() {
    if (signer == null) {
      throw new IllegalStateException("this sqld runs without auth; use SqldExtension.withAuth()");
    }
    return signer;
  }

  /**
   * Tells whether the server requires JWT authentication.
   *
   * @return true if created with {@link #withAuth()}
   */
  public boolean requiresAuth() {
    return signer != null;
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    if (depth++ == 0) {
      server = SqldServer.start(options);
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (depth == 0) {
      return;
    }
    if (--depth == 0) {
      SqldServer s = server;
      server = null;
      if (s != null) {
        s.stop();
      }
    }
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == SqldServer.class || (type == JwtSigner.class && signer != null);
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    if (type == JwtSigner.class) {
      return signer();
    }
    synchronized (this) {
      if (server == null) {
        throw new ParameterResolutionException(
            "sqld is not running: SqldExtension must be registered in a static @RegisterExtension"
                + " field to inject SqldServer");
      }
      return server;
    }
  }
}
