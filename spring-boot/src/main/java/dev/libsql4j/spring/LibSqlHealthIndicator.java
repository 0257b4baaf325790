package dev.libsql4j.spring;

import dev.libsql4j.Database;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.SyncResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of a libSQL {@link Database}: UP when a {@code SELECT 1} succeeds. For an embedded
 * replica the check also syncs (unless turned off), so it goes DOWN when the primary cannot be
 * reached, even though local reads still work. DOWN carries the error's code and message (never a
 * token: messages of this library do not hold secrets). Thread-safe.
 */
public class LibSqlHealthIndicator implements HealthIndicator {
    private final Database database;
    private final boolean syncReplica;

    /**
     * A health indicator for {@code database}.
     *
     * @param database    the database to check
     * @param syncReplica whether a replica's check also syncs from the primary
     */
    public LibSqlHealthIndicator(Database database, boolean syncReplica) {
        this.database = database;
        this.syncReplica = syncReplica;
    }

    @Override
    public Health health() {
        boolean replica = database.config().syncUrl() != null;
        Health.Builder b = new Health.Builder().withDetail("database", database.config().parsedUrl().toString());
        if (replica) {
            b.withDetail("replicaOf", dev.libsql4j.spi.DatabaseUrl.redact(database.config().syncUrl()));
        }
        try {
            if (database.isClosed()) {
                return b.down().withDetail("error", "the database is closed").build();
            }
            long started = System.nanoTime();
            database.execute("SELECT 1");
            if (replica && syncReplica) {
                SyncResult r = database.sync();
                b.withDetail("frameNo", r.frameNo());
            }
            return b.up().withDetail("latencyMs", (System.nanoTime() - started) / 1_000_000).build();
        } catch (LibSqlException e) {
            return b.down().withDetail("code", e.code() == null ? "unknown" : e.code())
                    .withDetail("error", e.getMessage()).build();
        } catch (RuntimeException e) {
            return b.down().withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }
}
