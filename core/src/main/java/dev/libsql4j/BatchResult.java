package dev.libsql4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of a batch: one entry per statement, in order.
 *
 * <p>For an atomic batch ({@link Connection#batch}) every step succeeded, or the call threw
 * {@link BatchFailedException} instead. For an independent batch
 * ({@link Connection#batchIndependent}) each step either has a {@link #result} or an
 * {@link #error}. Immutable and thread-safe.
 */
public final class BatchResult {
    private final List<Result> results;
    private final List<LibSqlException> errors;

    /**
     * For transports.
     *
     * @param results one entry per step; null where the step failed
     * @param errors  one entry per step; null where the step succeeded
     */
    public BatchResult(List<Result> results, List<LibSqlException> errors) {
        if (results.size() != errors.size()) {
            throw new IllegalArgumentException("results and errors differ in size");
        }
        this.results = Collections.unmodifiableList(new ArrayList<>(results));
        this.errors = Collections.unmodifiableList(new ArrayList<>(errors));
    }

    /** The number of steps. */
    public int size() {
        return results.size();
    }

    /** The result of every step; null entries where a step failed. Unmodifiable. */
    public List<Result> results() {
        return results;
    }

    /**
     * The result of step {@code i}.
     *
     * @throws BatchFailedException if the step failed; its cause is the step's own error
     */
    public Result result(int i) {
        LibSqlException e = errors.get(i);
        if (e != null) {
            throw new BatchFailedException(i, "Batch step " + i + " failed: " + e.getMessage(), e);
        }
        return results.get(i);
    }

    /** The error of step {@code i}, or null if it succeeded. */
    public LibSqlException error(int i) {
        return errors.get(i);
    }

    /** True if step {@code i} succeeded. */
    public boolean succeeded(int i) {
        return errors.get(i) == null;
    }

    /** True if any step failed. */
    public boolean hasErrors() {
        return errors.stream().anyMatch(e -> e != null);
    }

    @Override
    public String toString() {
        long failed = errors.stream().filter(e -> e != null).count();
        return "BatchResult[steps=" + results.size() + ", failed=" + failed + "]";
    }
}
