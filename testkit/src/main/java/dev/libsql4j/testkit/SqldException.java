package dev.libsql4j.testkit;

/**
 * Thrown when the test {@code sqld} server cannot be found, started, restarted or stopped.
 *
 * <p>The message always says what went wrong and, where useful, includes the tail of the
 * server log or the command that installs the binary ({@code bash scripts/install-sqld.sh}).
 */
public class SqldException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public SqldException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public SqldException(String message, Throwable cause) {
    super(message, cause);
  }
}
