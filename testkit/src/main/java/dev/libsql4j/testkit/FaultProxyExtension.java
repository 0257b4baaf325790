package dev.libsql4j.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs a {@link FaultProxy} in front of the sqld of a {@link SqldExtension}
 * for all tests of a class. Register it after the sqld extension, both in static fields:
 *
 * <pre>{@code
 * @RegisterExtension static final SqldExtension SQLD = new SqldExtension();
 * @RegisterExtension static final FaultProxyExtension PROXY = new FaultProxyExtension(SQLD, 42);
 *
 * @Test void survives(FaultProxy proxy) {
 *   Database db = LibSql.open(proxy.url());
 *   proxy.arm(FaultProxy.Fault.STALL, "INSERT");
 * }
 * }</pre>
 *
 * <p>Before each test the proxy is calmed (no armed or random faults) and its counts are zeroed.
 * The seed is the constructor's, unless the system property {@value #SEED_PROPERTY} gives one; the
 * proxy's {@link FaultProxy#toString()} names it, so put the proxy in assertion messages to make a
 * failure reproducible. The proxy keeps the same port while sqld restarts on its own port.
 */
public final class FaultProxyExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

  /** System property that overrides the seed of the random faults. */
  public static final String SEED_PROPERTY = "libsql4j.chaos.seed";

  private final SqldExtension sqld;
  private final long seed;
  private FaultProxy proxy;
  private int depth;

  /**
   * Creates the extension.
   *
   * @param sqld the extension whose server the proxy forwards to
   * @param seed the seed of the random faults, unless {@value #SEED_PROPERTY} is set
   */
  public FaultProxyExtension(SqldExtension sqld, long seed) {
    this.sqld = sqld;
    this.seed = Long.getLong(SEED_PROPERTY, seed);
  }

  /**
   * Returns the running proxy.
   *
   * @return the proxy
   * @throws IllegalStateException outside the test class's lifetime
   */
  public synchronized FaultProxy proxy() {
    if (proxy == null) {
      throw new IllegalStateException("the fault proxy is not running: register FaultProxyExtension in a"
          + " static @RegisterExtension field after the SqldExtension");
    }
    return proxy;
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    if (depth++ == 0) {
      proxy = FaultProxy.start(sqld.server().port(), seed);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    FaultProxy p = proxy();
    p.calm();
    p.resetCounts();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (depth > 0 && --depth == 0 && proxy != null) {
      proxy.close();
      proxy = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == FaultProxy.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return proxy();
  }
}
