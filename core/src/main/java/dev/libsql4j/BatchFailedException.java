package dev.libsql4j;

/**
 * A step of a batch failed. For an atomic batch nothing of it was applied. {@link #stepIndex()}
 * is the 0-based index of the failing statement in the list the caller passed, and
 * {@link #getCause()} is the step's own error (for example a {@link ConstraintViolationException}).
 */
public class BatchFailedException extends LibSqlException {
    private static final long serialVersionUID = 1L;

    private final int stepIndex;

    /**
     * @param stepIndex the 0-based index of the failing statement
     * @param message   what failed
     * @param cause     the step's own error; its code becomes this exception's code
     */
    public BatchFailedException(int stepIndex, String message, LibSqlException cause) {
        super(cause == null ? "BATCH_FAILED" : cause.code(), cause == null ? -1 : cause.extendedCode(), message, cause);
        this.stepIndex = stepIndex;
    }

    /** The 0-based index of the failing statement in the batch. */
    public int stepIndex() {
        return stepIndex;
    }
}
