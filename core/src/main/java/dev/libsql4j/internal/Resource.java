package dev.libsql4j.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node in the registry tree: a database holds connections, a connection holds its statements,
 * cursors and transaction. Closing a node closes its children newest first, then runs its own
 * closer; failures are kept as suppressed exceptions. Thread-safe.
 *
 * <p>The registry holds these nodes, never the public objects users hold, so a public object the
 * user forgets can still be collected, and the {@link LeakDetector} then closes its node.
 */
public final class Resource {
    /** What a node is, for messages and counts. */
    public enum Kind {
        DATABASE("Database"), CONNECTION("Connection"), STATEMENT("PreparedStatement"), CURSOR("Cursor"),
        TRANSACTION("Transaction");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Open-resource counters shared by one database's tree, and the tree's settings. */
    public static final class Counts {
        final AtomicInteger[] byKind = new AtomicInteger[Kind.values().length];
        /** Whether the tree's nodes record where they were opened (Config#leakTraces). */
        final boolean traces;

        Counts(boolean traces) {
            this.traces = traces;
            for (int i = 0; i < byKind.length; i++) {
                byKind[i] = new AtomicInteger();
            }
        }

        int get(Kind k) {
            return byKind[k.ordinal()].get();
        }
    }

    private static final AtomicLong NEXT_ID = new AtomicLong();

    private final long id;
    private final Kind kind;
    private final Resource parent;
    private final Counts counts;
    // The full description is built only when asked for (messages, logs): opening a cursor or a
    // statement is a hot path.
    private final String detail;
    private final Throwable openedAt;
    private final Object lock = new Object();
    private LinkedHashMap<Long, Resource> children;
    private volatile boolean closed;
    // Guarded by lock: set when the closing thread is done, so a second close() waits for it.
    private boolean closeFinished;
    private Thread closingThread;
    private final Runnable closer;
    private volatile LeakDetector.Watch watch;

    private Resource(Kind kind, Resource parent, Counts counts, String description, Runnable closer) {
        this.id = NEXT_ID.incrementAndGet();
        this.kind = kind;
        this.parent = parent;
        this.counts = counts;
        this.detail = description;
        // Filling in a stack trace costs microseconds, more than a point select: only when asked.
        this.openedAt = kind == Kind.DATABASE || !counts.traces ? null : new Throwable("opened here");
        this.closer = closer;
    }

    /**
     * A root node for a database.
     *
     * @param traces whether its children record the stack trace of the call that opened them, for
     *               the leak warning
     */
    public static Resource root(String description, boolean traces, Runnable closer) {
        return new Resource(Kind.DATABASE, null, new Counts(traces), description, closer);
    }

    /**
     * Registers a child.
     *
     * @throws IllegalStateException if this node is closed; {@code closer} is not run then
     */
    public Resource open(Kind childKind, String childDescription, Runnable childCloser) {
        Resource child = new Resource(childKind, this, counts, childDescription, childCloser);
        synchronized (lock) {
            checkOpen();
            if (children == null) {
                children = new LinkedHashMap<>();
            }
            children.put(child.id, child);
        }
        counts.byKind[childKind.ordinal()].incrementAndGet();
        return child;
    }

    /** The counters of the whole tree. */
    public Counts counts() {
        return counts;
    }

    /** A unique id. */
    public long id() {
        return id;
    }

    /** E.g. {@code Connection #3 (http://127.0.0.1:8080)}. */
    public String description() {
        return kind.label + " #" + id + (detail == null ? "" : " (" + detail + ")");
    }

    /** Where it was opened, or null when the database does not record traces. */
    Throwable openedAt() {
        return openedAt;
    }

    void watch(LeakDetector.Watch w) {
        this.watch = w;
    }

    /** True once closed. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Throws if closed.
     *
     * @throws IllegalStateException naming this resource
     */
    public void checkOpen() {
        if (closed) {
            throw new IllegalStateException(description() + " is closed");
        }
    }

    /**
     * Closes the children (newest first), then this node. Idempotent: a call while another thread
     * is closing waits until that close is done, so a parent never frees its session while a
     * child's closer still runs. The first failure is rethrown after everything was closed, with
     * later ones suppressed.
     */
    public void close() {
        List<Resource> kids;
        synchronized (lock) {
            if (closed) {
                awaitClosed();
                return;
            }
            closed = true;
            closingThread = Thread.currentThread();
            kids = children == null ? List.of() : new ArrayList<>(children.values());
            children = null;
        }
        RuntimeException failure = null;
        for (int i = kids.size() - 1; i >= 0; i--) {
            try {
                kids.get(i).close();
            } catch (RuntimeException e) {
                failure = merge(failure, e);
            }
        }
        try {
            if (closer != null) {
                closer.run();
            }
        } catch (RuntimeException e) {
            failure = merge(failure, e);
        } finally {
            if (parent != null) {
                parent.removeChild(this);
            }
            if (kind != Kind.DATABASE) {
                counts.byKind[kind.ordinal()].decrementAndGet();
            }
            LeakDetector.Watch w = watch;
            if (w != null) {
                w.cancel();
            }
            synchronized (lock) {
                closeFinished = true;
                closingThread = null;
                lock.notifyAll();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // Called with lock held.
    private void awaitClosed() {
        boolean interrupted = false;
        while (!closeFinished && closingThread != Thread.currentThread()) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException merge(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        if (first != next) {
            first.addSuppressed(next);
        }
        return first;
    }

    private void removeChild(Resource child) {
        synchronized (lock) {
            if (children != null) {
                children.remove(child.id);
            }
        }
    }

    @Override
    public String toString() {
        return description() + (closed ? " [closed]" : "");
    }
}
