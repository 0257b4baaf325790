package dev.libsql4j.http.internal;

import dev.libsql4j.BatchFailedException;
import dev.libsql4j.BatchResult;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.TransactionMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The all-or-nothing batch as one Hrana {@code batch}, the same over HTTP and WebSocket. Outside
 * a transaction: {@code BEGIN}, each step on the success of the one before (and, on Hrana 3, only
 * while the transaction is still open), {@code COMMIT}, and {@code ROLLBACK} if the commit did not
 * run. Inside one: the same around a savepoint, so the transaction survives a failed batch.
 */
final class HranaBatch {
    private static final String SAVEPOINT = "\"libsql4j_batch\"";

    /** Maps a Hrana error of a statement (null SQL: of the batch as a whole). */
    interface ErrorMapper {
        LibSqlException map(HranaError e, String sql);
    }

    final List<RequestWriter.Step> steps;
    private final List<Statement> stmts;
    private final int first;
    private final int commitStep;

    private HranaBatch(List<RequestWriter.Step> steps, List<Statement> stmts, int first, int commitStep) {
        this.steps = steps;
        this.stmts = stmts;
        this.first = first;
        this.commitStep = commitStep;
    }

    /**
     * Plans the steps; {@code begin} is a transaction's BEGIN not sent yet (it becomes step 0).
     */
    static HranaBatch plan(List<Statement> stmts, boolean inTx, TransactionMode begin, boolean v3) {
        int n = stmts.size();
        List<RequestWriter.Step> steps = new ArrayList<>(n + 5);
        if (!inTx) {
            steps.add(RequestWriter.Step.sql(null, "BEGIN"));
            for (int i = 0; i < n; i++) {
                steps.add(RequestWriter.Step.of(Cond.okInTx(i, v3), stmts.get(i)));
            }
            int commit = steps.size();
            steps.add(RequestWriter.Step.sql(Cond.okInTx(n, v3), "COMMIT"));
            steps.add(RequestWriter.Step.sql(Cond.not(Cond.ok(commit)), "ROLLBACK"));
            return new HranaBatch(steps, stmts, 1, commit);
        }
        if (begin != null) {
            steps.add(RequestWriter.Step.sql(null, begin.beginSql()));
        }
        int sp = steps.size();
        steps.add(RequestWriter.Step.sql(sp > 0 ? Cond.ok(sp - 1) : null, "SAVEPOINT " + SAVEPOINT));
        int first = steps.size();
        for (int i = 0; i < n; i++) {
            steps.add(RequestWriter.Step.of(Cond.okInTx(first + i - 1, v3), stmts.get(i)));
        }
        int last = first + n - 1;
        steps.add(RequestWriter.Step.sql(Cond.ok(last), "RELEASE " + SAVEPOINT));
        int undo = steps.size();
        steps.add(RequestWriter.Step.sql(new Cond.And(List.of(Cond.ok(sp), Cond.not(Cond.ok(last)))),
                "ROLLBACK TO " + SAVEPOINT));
        steps.add(RequestWriter.Step.sql(Cond.ok(undo), "RELEASE " + SAVEPOINT));
        return new HranaBatch(steps, stmts, first, -1);
    }

    /**
     * The batch's results, once the caller has checked the request's own error and a BEGIN in
     * front. Throws the failure: the outer BEGIN's, the first failed or skipped step's (as a
     * {@link BatchFailedException}), or a COMMIT that did not run.
     */
    BatchResult read(StreamResult r, ErrorMapper error) {
        if (commitStep >= 0 && stepError(r, 0) != null) {
            throw error.map(stepError(r, 0), "BEGIN");
        }
        int n = stmts.size();
        List<Result> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StreamResult sr = stepResult(r, first + i);
            HranaError se = stepError(r, first + i);
            if (se != null) {
                LibSqlException e = error.map(se, stmts.get(i).sql());
                throw new BatchFailedException(i, "Batch step " + i + " failed, so the batch was undone: "
                        + e.getMessage(), e);
            }
            if (sr == null) {
                throw new BatchFailedException(i, "Batch step " + i + " was not executed because the "
                        + "transaction ended before it, so the batch was undone",
                        new LibSqlException("NOT_EXECUTED", "Batch step " + i + " was not executed", null));
            }
            results.add(sr.toResult());
        }
        if (commitStep >= 0) {
            HranaError ce = stepError(r, commitStep);
            if (ce != null || stepResult(r, commitStep) == null) {
                throw ce != null ? error.map(ce, "COMMIT")
                        : new LibSqlException("NOT_EXECUTED", "The batch's COMMIT did not run", null);
            }
        }
        return new BatchResult(results, Collections.nCopies(n, null));
    }

    /** Step {@code i}'s result in a batch result; null if it did not run. */
    static StreamResult stepResult(StreamResult batch, int i) {
        return batch.stepResults != null && i < batch.stepResults.size() ? batch.stepResults.get(i) : null;
    }

    /** Step {@code i}'s error in a batch result, or null. */
    static HranaError stepError(StreamResult batch, int i) {
        return batch.stepErrors != null && i < batch.stepErrors.size() ? batch.stepErrors.get(i) : null;
    }
}
