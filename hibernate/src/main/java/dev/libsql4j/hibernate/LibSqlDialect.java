package dev.libsql4j.hibernate;

import java.sql.SQLException;
import java.sql.Types;
import org.hibernate.boot.model.FunctionContributions;
import org.hibernate.boot.model.TypeContributions;
import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.engine.jdbc.Size;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.exception.spi.SQLExceptionConversionDelegate;
import org.hibernate.metamodel.mapping.MappingModelExpressible;
import org.hibernate.query.sqm.function.SqmFunctionRegistry;
import org.hibernate.query.sqm.produce.function.FunctionParameterType;
import org.hibernate.query.sqm.produce.function.StandardFunctionArgumentTypeResolvers;
import org.hibernate.query.sqm.produce.function.internal.AbstractFunctionArgumentTypeResolver;
import org.hibernate.query.sqm.tree.expression.SqmExpression;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.BasicArrayType;
import org.hibernate.type.BasicType;
import org.hibernate.type.BasicTypeRegistry;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.StandardBasicTypes;
import org.hibernate.type.Type;
import org.hibernate.type.descriptor.java.spi.JavaTypeRegistry;
import org.hibernate.type.descriptor.jdbc.spi.JdbcTypeRegistry;
import org.hibernate.type.descriptor.sql.internal.DdlTypeImpl;
import org.hibernate.type.descriptor.sql.spi.DdlTypeRegistry;
import org.hibernate.type.spi.TypeConfiguration;

/**
 * Hibernate ORM dialect for libSQL (Turso, sqld, local libSQL files through libsql4j's JDBC driver).
 *
 * <p>It is Hibernate's community {@link SQLiteDialect} (libSQL speaks SQLite's SQL) plus what libSQL
 * adds and SQLite dialects lack:
 * <ul>
 *   <li><b>Vector columns.</b> A {@code float[]} attribute annotated
 *       {@code @JdbcTypeCode(SqlTypes.VECTOR)} (or {@code VECTOR_FLOAT32}) and
 *       {@code @Array(length = n)} is an {@code F32_BLOB(n)} column; a {@code double[]} with
 *       {@code VECTOR_FLOAT64} is {@code F64_BLOB(n)}. Values travel as libSQL's vector blobs
 *       (see {@link VectorBlobs}), so the columns work with libSQL's vector index.
 *   <li><b>Vector functions</b> in HQL and Criteria: {@code vector32(text)} (alias
 *       {@code vector}), {@code vector64(text)}, {@code vector_extract(v)} (JSON text),
 *       {@code vector_distance_cos(a, b)} and {@code vector_distance_l2(a, b)} (a double). A
 *       parameter passed to a distance function takes the type of the other argument, so a
 *       {@code float[]} binds as a vector:
 *       <pre>{@code
 * List<Doc> nearest = session.createSelectionQuery(
 *         "from Doc d order by vector_distance_cos(d.embedding, :q)", Doc.class)
 *     .setParameter("q", new float[] {0.1f, 0.2f, 0.3f})
 *     .setMaxResults(5)
 *     .getResultList();
 * }</pre>
 *   <li><b>Type affinity in schema validation.</b> SQLite stores every integer type in one 64-bit
 *       class and every text type as TEXT, so {@code hbm2ddl.auto=validate} accepts an
 *       {@code INTEGER} column for a {@code long} attribute (the {@code INTEGER PRIMARY KEY} rowid
 *       alias every SQLite migration writes) and the like; see {@link #equivalentTypes}.
 *   <li><b>Extended result codes.</b> libsql4j's driver reports SQLite's extended codes as the
 *       vendor code (1555 for a duplicate primary key, 517 for a busy snapshot); the exception
 *       conversion looks at the primary code, so busy and locked errors become
 *       {@code LockAcquisitionException} as they do with other SQLite drivers.
 * </ul>
 *
 * <p>Nothing needs configuring: {@link LibSqlDialectResolver} picks this dialect for connections
 * whose {@code DatabaseMetaData} reports the product name {@code libSQL} (every
 * {@code jdbc:libsql:} connection). Setting {@code hibernate.dialect} to this class works as well.
 *
 * <p>Thread-safety: as every Hibernate dialect, immutable after construction and shared.
 */
public class LibSqlDialect extends SQLiteDialect {

    /** The product name libsql4j's JDBC driver reports ({@code DatabaseMetaData.getDatabaseProductName()}). */
    public static final String PRODUCT_NAME = "libSQL";

    /** The SQLite version libSQL 0.24 is built on, used when no connection tells the real one. */
    private static final DatabaseVersion DEFAULT_VERSION = DatabaseVersion.make(3, 45);

    /** Creates the dialect for a database whose metadata Hibernate read (dialect resolution). */
    public LibSqlDialect(DialectResolutionInfo info) {
        super(info.makeCopyOrDefault(DEFAULT_VERSION));
        registerKeywords(info);
    }

    /** Creates the dialect for the default SQLite version (3.45), as {@code hibernate.dialect} does. */
    public LibSqlDialect() {
        this(DEFAULT_VERSION);
    }

    /**
     * Creates the dialect for the given SQLite version.
     *
     * @param version the SQLite version libSQL is built on
     */
    public LibSqlDialect(DatabaseVersion version) {
        super(version);
    }

    /**
     * {@code int} instead of {@code integer} for {@code int} attributes (same INTEGER affinity):
     * Hibernate appends an identity column's type ({@code integer}, which makes it SQLite's rowid
     * alias) only if the {@code CREATE TABLE} text before it does not contain that word yet, so an
     * {@code integer} column ordered before the id left the id without a type, hence not a rowid
     * alias, hence {@code NULL} for every inserted row.
     */
    @Override
    protected String columnType(int sqlTypeCode) {
        return sqlTypeCode == Types.INTEGER ? "int" : super.columnType(sqlTypeCode);
    }

    @Override
    public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.contributeTypes(typeContributions, serviceRegistry);
        TypeConfiguration types = typeContributions.getTypeConfiguration();
        JdbcTypeRegistry jdbcTypes = types.getJdbcTypeRegistry();
        JavaTypeRegistry javaTypes = types.getJavaTypeRegistry();
        BasicTypeRegistry basicTypes = types.getBasicTypeRegistry();
        DdlTypeRegistry ddlTypes = types.getDdlTypeRegistry();

        VectorBlobJdbcType vector = new VectorBlobJdbcType(jdbcTypes.getDescriptor(SqlTypes.FLOAT), SqlTypes.VECTOR);
        VectorBlobJdbcType f32 = new VectorBlobJdbcType(jdbcTypes.getDescriptor(SqlTypes.FLOAT),
                SqlTypes.VECTOR_FLOAT32);
        VectorBlobJdbcType f64 = new VectorBlobJdbcType(jdbcTypes.getDescriptor(SqlTypes.DOUBLE),
                SqlTypes.VECTOR_FLOAT64);
        jdbcTypes.addDescriptor(SqlTypes.VECTOR, vector);
        jdbcTypes.addDescriptor(SqlTypes.VECTOR_FLOAT32, f32);
        jdbcTypes.addDescriptor(SqlTypes.VECTOR_FLOAT64, f64);

        BasicType<Float> floatType = basicTypes.resolve(StandardBasicTypes.FLOAT);
        BasicType<Double> doubleType = basicTypes.resolve(StandardBasicTypes.DOUBLE);
        basicTypes.register(new BasicArrayType<>(floatType, vector, javaTypes.resolveDescriptor(float[].class)),
                StandardBasicTypes.VECTOR.getName());
        basicTypes.register(new BasicArrayType<>(floatType, f32, javaTypes.resolveDescriptor(float[].class)),
                StandardBasicTypes.VECTOR_FLOAT32.getName());
        basicTypes.register(new BasicArrayType<>(doubleType, f64, javaTypes.resolveDescriptor(double[].class)),
                StandardBasicTypes.VECTOR_FLOAT64.getName());

        ddlTypes.addDescriptor(new VectorDdlType(SqlTypes.VECTOR, "F32_BLOB", this));
        ddlTypes.addDescriptor(new VectorDdlType(SqlTypes.VECTOR_FLOAT32, "F32_BLOB", this));
        ddlTypes.addDescriptor(new VectorDdlType(SqlTypes.VECTOR_FLOAT64, "F64_BLOB", this));
    }

    @Override
    public void initializeFunctionRegistry(FunctionContributions functionContributions) {
        super.initializeFunctionRegistry(functionContributions);
        TypeConfiguration types = functionContributions.getTypeConfiguration();
        BasicTypeRegistry basicTypes = types.getBasicTypeRegistry();
        BasicType<float[]> f32 = basicTypes.resolve(StandardBasicTypes.VECTOR_FLOAT32);
        BasicType<double[]> f64 = basicTypes.resolve(StandardBasicTypes.VECTOR_FLOAT64);
        BasicType<String> string = basicTypes.resolve(StandardBasicTypes.STRING);
        BasicType<Double> doubleType = basicTypes.resolve(StandardBasicTypes.DOUBLE);
        SqmFunctionRegistry functions = functionContributions.getFunctionRegistry();

        // vector32('[1,2,3]') and vector64(...) turn JSON text (or a vector blob) into a vector.
        for (String name : new String[] {"vector32", "vector"}) {
            functions.namedDescriptorBuilder(name, "vector32")
                    .setExactArgumentCount(1)
                    .setArgumentTypeResolver(StandardFunctionArgumentTypeResolvers.invariant(types,
                            FunctionParameterType.STRING))
                    .setInvariantType(f32)
                    .setArgumentListSignature("(STRING json)")
                    .register();
        }
        functions.namedDescriptorBuilder("vector64")
                .setExactArgumentCount(1)
                .setArgumentTypeResolver(StandardFunctionArgumentTypeResolvers.invariant(types,
                        FunctionParameterType.STRING))
                .setInvariantType(f64)
                .setArgumentListSignature("(STRING json)")
                .register();
        functions.namedDescriptorBuilder("vector_extract")
                .setExactArgumentCount(1)
                .setArgumentTypeResolver(otherArgumentOrVector(f32))
                .setInvariantType(string)
                .setArgumentListSignature("(vector)")
                .register();
        for (String name : new String[] {"vector_distance_cos", "vector_distance_l2"}) {
            functions.namedDescriptorBuilder(name)
                    .setExactArgumentCount(2)
                    .setArgumentTypeResolver(otherArgumentOrVector(f32))
                    .setInvariantType(doubleType)
                    .setArgumentListSignature("(vector1, vector2)")
                    .register();
        }
    }

    /**
     * The type of a parameter argument of a vector function: the other argument's (the column the
     * parameter is compared with), else a float32 vector.
     */
    private static AbstractFunctionArgumentTypeResolver otherArgumentOrVector(BasicType<float[]> f32) {
        return (arguments, argumentIndex, converter) -> {
            for (int i = 0; i < arguments.size(); i++) {
                if (i != argumentIndex && arguments.get(i) instanceof SqmExpression<?> expression) {
                    MappingModelExpressible<?> mapping = converter.determineValueMapping(expression);
                    if (mapping != null) {
                        return mapping;
                    }
                }
            }
            return f32;
        };
    }

    /**
     * Adds SQLite's type affinity to Hibernate's comparison of an expected and a found column type
     * (schema validation): all integer types (including BOOLEAN, which SQLite stores as 0/1) are
     * one 64-bit INTEGER class; all character types are TEXT; BLOB, the binary types and vectors
     * (an {@code F32_BLOB(n)} column reports {@code BLOB}) are one BLOB class.
     */
    @Override
    public boolean equivalentTypes(int typeCode1, int typeCode2) {
        return super.equivalentTypes(typeCode1, typeCode2)
                || affinity(typeCode1) != null && affinity(typeCode1).equals(affinity(typeCode2));
    }

    private static String affinity(int typeCode) {
        switch (typeCode) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.BOOLEAN, Types.BIT:
                return "INTEGER";
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR,
                    Types.LONGNVARCHAR, Types.NCLOB:
                return "TEXT";
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB, SqlTypes.VECTOR,
                    SqlTypes.VECTOR_FLOAT32, SqlTypes.VECTOR_FLOAT64:
                return "BLOB";
            case Types.REAL, Types.FLOAT, Types.DOUBLE:
                return "REAL";
            default:
                return null;
        }
    }

    /**
     * SQLite's conversion (busy and locked to {@code LockAcquisitionException}, I/O errors to
     * {@code JDBCConnectionException}, ...) applied to the primary result code, since libsql4j
     * reports the extended code as the vendor code.
     */
    @Override
    public SQLExceptionConversionDelegate buildSQLExceptionConversionDelegate() {
        SQLExceptionConversionDelegate sqlite = super.buildSQLExceptionConversionDelegate();
        return (sqlException, message, sql) -> sqlite.convert(primaryCode(sqlException), message, sql);
    }

    /** The exception as SQLite's primary result code would report it (code &amp; 0xFF). */
    private static SQLException primaryCode(SQLException e) {
        int code = e.getErrorCode();
        if (code <= 0xFF) {
            return e;
        }
        SQLException primary = new SQLException(e.getMessage(), e.getSQLState(), code & 0xFF, e);
        return primary;
    }

    /**
     * libsql4j's driver returns the rowid of an insert as its generated key (and over HTTP tracks
     * {@code last_insert_rowid()} per connection), so Hibernate may use {@code getGeneratedKeys}.
     */
    @Override
    public boolean getDefaultUseGetGeneratedKeys() {
        return true;
    }

    /** {@code F32_BLOB(n)} / {@code F64_BLOB(n)}, with {@code n} from {@code @Array(length = n)}. */
    private static final class VectorDdlType extends DdlTypeImpl {
        private final String baseName;

        VectorDdlType(int sqlTypeCode, String baseName, LibSqlDialect dialect) {
            super(sqlTypeCode, baseName + "($l)", baseName, dialect);
            this.baseName = baseName;
        }

        @Override
        public String getTypeName(Size size, Type type, DdlTypeRegistry ddlTypeRegistry) {
            Integer dimensions = size == null ? null : size.getArrayLength();
            return dimensions == null ? baseName : baseName + "(" + dimensions + ")";
        }
    }
}
