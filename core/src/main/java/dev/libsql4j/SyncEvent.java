package dev.libsql4j;

import java.time.Duration;

/**
 * An embedded replica's {@link Database#sync()}, for {@link EventListener#syncEnd}. Immutable.
 *
 * @param duration wall-clock time of the sync
 * @param result   what the sync pulled
 */
public record SyncEvent(Duration duration, SyncResult result) {
}
