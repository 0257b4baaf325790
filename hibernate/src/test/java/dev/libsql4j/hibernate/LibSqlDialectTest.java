package dev.libsql4j.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.Types;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.exception.LockAcquisitionException;
import org.hibernate.type.SqlTypes;
import org.junit.jupiter.api.Test;

/** The dialect's own decisions, without a database (the *IT classes run them against one). */
class LibSqlDialectTest {
    private final LibSqlDialect dialect = new LibSqlDialect();

    @Test
    void resolverAnswersForLibSqlOnly() {
        LibSqlDialectResolver resolver = new LibSqlDialectResolver();
        assertThat(resolver.resolveDialect(info("libSQL", 3, 45))).isInstanceOf(LibSqlDialect.class)
                .satisfies(d -> assertThat(d.getVersion().getMinor()).isEqualTo(45));
        assertThat(resolver.resolveDialect(info("SQLite", 3, 45))).isNull();
        assertThat(resolver.resolveDialect(info("PostgreSQL", 16, 0))).isNull();
    }

    @Test
    void schemaValidationFollowsTypeAffinity() {
        assertThat(dialect.equivalentTypes(Types.BIGINT, Types.INTEGER)).as("long id in INTEGER PRIMARY KEY").isTrue();
        assertThat(dialect.equivalentTypes(Types.BOOLEAN, Types.INTEGER)).isTrue();
        assertThat(dialect.equivalentTypes(Types.VARCHAR, Types.CLOB)).isTrue();
        assertThat(dialect.equivalentTypes(SqlTypes.VECTOR, Types.BLOB)).isTrue();
        assertThat(dialect.equivalentTypes(Types.DOUBLE, Types.REAL)).isTrue();
        assertThat(dialect.equivalentTypes(Types.BIGINT, Types.VARCHAR)).isFalse();
        assertThat(dialect.equivalentTypes(Types.VARCHAR, Types.BLOB)).isFalse();
        assertThat(dialect.equivalentTypes(Types.DATE, Types.INTEGER)).isFalse();
    }

    @Test
    void extendedBusyCodesBecomeLockAcquisition() {
        var delegate = dialect.buildSQLExceptionConversionDelegate();
        SQLException busySnapshot = new SQLException("database is locked", "HY000", 517);
        assertThat(delegate.convert(busySnapshot, "insert", "INSERT INTO t VALUES (1)"))
                .isInstanceOf(LockAcquisitionException.class)
                .hasRootCause(busySnapshot);
        assertThat(delegate.convert(new SQLException("no such table", "42S02", 1), "select", "SELECT 1")).isNull();
    }

    @Test
    void vectorBlobsHaveLibSqlsLayout() {
        byte[] f32 = VectorBlobs.toF32Blob(new float[] {1f, -2.5f});
        // little-endian IEEE-754: 1.0f = 00 00 80 3f, -2.5f = 00 00 20 c0
        assertThat(f32).containsExactly(0, 0, (byte) 0x80, 0x3f, 0, 0, 0x20, (byte) 0xc0);
        assertThat(VectorBlobs.fromF32Blob(f32)).containsExactly(1f, -2.5f);
        byte[] withTypeByte = java.util.Arrays.copyOf(f32, 9);
        withTypeByte[8] = 1;
        assertThat(VectorBlobs.fromF32Blob(withTypeByte)).containsExactly(1f, -2.5f);

        byte[] f64 = VectorBlobs.toF64Blob(new double[] {Math.E});
        assertThat(f64).hasSize(9).endsWith((byte) 2);
        assertThat(VectorBlobs.fromF64Blob(f64)).containsExactly(Math.E);

        assertThatThrownBy(() -> VectorBlobs.fromF32Blob(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 bytes");
        assertThatThrownBy(() -> VectorBlobs.fromF64Blob(f32)).isInstanceOf(IllegalArgumentException.class);
    }

    private static DialectResolutionInfo info(String product, int major, int minor) {
        return new DialectResolutionInfo() {
            @Override
            public String getDatabaseName() {
                return product;
            }

            @Override
            public String getDatabaseVersion() {
                return major + "." + minor;
            }

            @Override
            public int getDatabaseMajorVersion() {
                return major;
            }

            @Override
            public int getDatabaseMinorVersion() {
                return minor;
            }

            @Override
            public String getDriverName() {
                return "test";
            }

            @Override
            public int getDriverMajorVersion() {
                return 0;
            }

            @Override
            public int getDriverMinorVersion() {
                return 1;
            }

            @Override
            public String getSQLKeywords() {
                return "";
            }
        };
    }
}
