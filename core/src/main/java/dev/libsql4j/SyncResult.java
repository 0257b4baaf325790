package dev.libsql4j;

/**
 * What one sync of an embedded replica did.
 *
 * @param frameNo      the replication frame number the replica has applied, or -1 if none
 * @param framesSynced how many frames this sync pulled
 */
public record SyncResult(long frameNo, long framesSynced) {
}
