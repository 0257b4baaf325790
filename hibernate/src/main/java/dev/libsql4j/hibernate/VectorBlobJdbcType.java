package dev.libsql4j.hibernate;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.ArrayJdbcType;
import org.hibernate.type.descriptor.jdbc.BasicBinder;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;
import org.hibernate.type.descriptor.jdbc.JdbcLiteralFormatter;
import org.hibernate.type.descriptor.jdbc.JdbcType;
import org.hibernate.type.spi.TypeConfiguration;
import org.hibernate.engine.jdbc.Size;
import org.hibernate.dialect.Dialect;
import org.hibernate.sql.ast.spi.SqlAppender;

/**
 * A libSQL vector column ({@code F32_BLOB(n)} or {@code F64_BLOB(n)}) holding a {@code float[]} or
 * {@code double[]}: bound and read as the blob libSQL's vector functions use. An {@link ArrayJdbcType}
 * so that Hibernate treats the attribute as a basic array (as its own vector types do).
 */
final class VectorBlobJdbcType extends ArrayJdbcType {

    private static final long serialVersionUID = 1L;

    private final int sqlType;
    private final boolean f64;

    VectorBlobJdbcType(JdbcType elementJdbcType, int sqlType) {
        super(elementJdbcType);
        this.sqlType = sqlType;
        this.f64 = sqlType == SqlTypes.VECTOR_FLOAT64;
    }

    @Override
    public int getDefaultSqlTypeCode() {
        return sqlType;
    }

    @Override
    public int getJdbcTypeCode() {
        // What the driver sees (setBytes) and what DatabaseMetaData reports for an F32_BLOB column.
        return java.sql.Types.BLOB;
    }

    @Override
    public String getFriendlyName() {
        return f64 ? "F64_BLOB" : "F32_BLOB";
    }

    @Override
    public JavaType<?> getRecommendedJavaType(Integer precision, Integer scale, TypeConfiguration typeConfiguration) {
        return typeConfiguration.getJavaTypeRegistry().resolveDescriptor(f64 ? double[].class : float[].class);
    }

    @Override
    public void appendWriteExpression(String writeExpression, Size size, SqlAppender appender, Dialect dialect) {
        appender.append(writeExpression);
    }

    @Override
    public String castFromPattern(JdbcMapping sourceMapping, Size size) {
        return sourceMapping.getJdbcType().isStringLike() ? (f64 ? "vector64(?1)" : "vector32(?1)") : null;
    }

    @Override
    public String castToPattern(JdbcMapping targetJdbcMapping, Size size) {
        return targetJdbcMapping.getJdbcType().isStringLike() ? "vector_extract(?1)" : null;
    }

    @Override
    public <T> JdbcLiteralFormatter<T> getJdbcLiteralFormatter(JavaType<T> javaType) {
        return (appender, value, dialect, options) -> {
            appender.appendSql("X'");
            for (byte b : toBlob(javaType, value, options)) {
                appender.appendSql(Character.forDigit((b >> 4) & 0xF, 16));
                appender.appendSql(Character.forDigit(b & 0xF, 16));
            }
            appender.appendSql('\'');
        };
    }

    private <X> byte[] toBlob(JavaType<X> javaType, X value, WrapperOptions options) {
        return f64
                ? VectorBlobs.toF64Blob(javaType.unwrap(value, double[].class, options))
                : VectorBlobs.toF32Blob(javaType.unwrap(value, float[].class, options));
    }

    private <X> X fromBlob(JavaType<X> javaType, byte[] blob, WrapperOptions options) {
        if (blob == null) {
            return null;
        }
        return f64
                ? javaType.wrap(VectorBlobs.fromF64Blob(blob), options)
                : javaType.wrap(VectorBlobs.fromF32Blob(blob), options);
    }

    @Override
    public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
        return new BasicBinder<>(javaType, this) {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doBind(PreparedStatement st, X value, int index, WrapperOptions options) throws SQLException {
                st.setBytes(index, toBlob(getJavaType(), value, options));
            }

            @Override
            protected void doBind(CallableStatement st, X value, String name, WrapperOptions options)
                    throws SQLException {
                st.setBytes(name, toBlob(getJavaType(), value, options));
            }

            @Override
            public Object getBindValue(X value, WrapperOptions options) {
                return toBlob(getJavaType(), value, options);
            }
        };
    }

    @Override
    public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
        return new BasicExtractor<>(javaType, this) {
            private static final long serialVersionUID = 1L;

            @Override
            protected X doExtract(ResultSet rs, int index, WrapperOptions options) throws SQLException {
                return fromBlob(getJavaType(), rs.getBytes(index), options);
            }

            @Override
            protected X doExtract(CallableStatement st, int index, WrapperOptions options) throws SQLException {
                return fromBlob(getJavaType(), st.getBytes(index), options);
            }

            @Override
            protected X doExtract(CallableStatement st, String name, WrapperOptions options) throws SQLException {
                return fromBlob(getJavaType(), st.getBytes(name), options);
            }
        };
    }

    @Override
    public boolean equals(Object that) {
        return super.equals(that) && that instanceof VectorBlobJdbcType other && sqlType == other.sqlType;
    }

    @Override
    public int hashCode() {
        return sqlType + 31 * super.hashCode();
    }
}
