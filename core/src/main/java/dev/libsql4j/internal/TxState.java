package dev.libsql4j.internal;

import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.spi.Session;

/** The state of one transaction, shared by its connection, its public object and its closer. */
final class TxState {
    // All fields are guarded by the connection lock.
    boolean finished;
    boolean lost;
    TransactionExpiredException lostCause;
    /** The transaction's registry node; set once registered. Close it outside the connection lock. */
    Resource resource;

    /** Throws if the server no longer has this transaction. */
    void checkUsable() {
        if (lost) {
            throw new TransactionExpiredException(lostCode(),
                    "The transaction is no longer open"
                            + (lostCause == null ? " (it was ended by a COMMIT or ROLLBACK statement or lost)"
                            : " (" + lostCause.getMessage() + ")")
                            + "; nothing after that point runs in it. Close it and begin a new one (a ROLLBACK"
                            + " statement closes it too)", lostCause);
        }
    }

    /** The error for a COMMIT of a transaction that is already lost. */
    TransactionExpiredException commitOfLost() {
        return new TransactionExpiredException(lostCode(),
                "COMMIT failed: the transaction is no longer open"
                        + (lostCause == null ? " (the database ended it before this COMMIT)"
                        : " (" + lostCause.getMessage() + ")")
                        + ", so nothing was committed by this COMMIT. The transaction is now closed;"
                        + " run its work again in a new one", lostCause);
    }

    private String lostCode() {
        return lostCause == null ? "TRANSACTION_LOST" : lostCause.code();
    }

    void markLost(TransactionExpiredException cause) {
        if (!lost) {
            lost = true;
            lostCause = cause;
        }
    }

    /** Rolls back unless already finished. Runs under the connection lock. */
    void finish(Session session) {
        if (!finished) {
            finished = true;
            if (!lost) {
                session.rollback();
            }
        }
    }
}
