package dev.libsql4j.spring;

import dev.libsql4j.EventListener;
import dev.libsql4j.StatementEvent;
import dev.libsql4j.SyncEvent;
import java.time.Duration;
import java.util.List;

/**
 * Several listeners as one, in order. The core already logs and skips a listener that throws;
 * here one that throws must not keep the others from hearing the event, so each is called on
 * its own and the first exception is rethrown after all ran (the core then logs it).
 */
final class CompositeEventListener extends EventListener {
    private final EventListener[] listeners;

    private CompositeEventListener(List<EventListener> listeners) {
        this.listeners = listeners.toArray(new EventListener[0]);
    }

    /** {@link EventListener#NONE} for none, the listener itself for one, else a composite. */
    static EventListener of(List<EventListener> listeners) {
        if (listeners.isEmpty()) {
            return EventListener.NONE;
        }
        return listeners.size() == 1 ? listeners.get(0) : new CompositeEventListener(listeners);
    }

    private interface Call {
        void on(EventListener l);
    }

    private void each(Call c) {
        RuntimeException first = null;
        for (EventListener l : listeners) {
            try {
                c.on(l);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void statementStart(StatementEvent.Kind kind, String sql) {
        each(l -> l.statementStart(kind, sql));
    }

    @Override
    public void statementEnd(StatementEvent event) {
        each(l -> l.statementEnd(event));
    }

    @Override
    public void statementFailed(StatementEvent event, RuntimeException error) {
        each(l -> l.statementFailed(event, error));
    }

    @Override
    public void syncEnd(SyncEvent event) {
        each(l -> l.syncEnd(event));
    }

    @Override
    public void syncFailed(Duration duration, RuntimeException error) {
        each(l -> l.syncFailed(duration, error));
    }

    @Override
    public String toString() {
        return "CompositeEventListener" + java.util.Arrays.toString(listeners);
    }
}
