package dev.libsql4j.jdbc;

import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.spi.DatabaseUrl;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Database metadata, read from {@code PRAGMA database_list}, {@code sqlite_master} and the
 * table-valued pragma functions ({@code pragma_table_xinfo}, {@code pragma_index_list},
 * {@code pragma_index_xinfo}, {@code pragma_foreign_key_list}), which work the same on a local
 * file and on sqld. Each call is one or two queries (joined per schema), not one per table.
 *
 * <p>Naming: SQLite's databases ({@code main}, {@code temp}, attached ones) are reported as
 * <em>schemas</em>; there are no catalogs ({@code TABLE_CAT} is null). Name patterns use
 * {@code %} and {@code _} with {@code \} as escape and match case-insensitively, as SQLite
 * resolves names. Metadata queries never begin the lazy transaction of autocommit-off mode.
 */
final class JdbcDatabaseMetaData implements DatabaseMetaData {
    private final JdbcConnection conn;

    JdbcDatabaseMetaData(JdbcConnection conn) {
        this.conn = conn;
    }

    private Result query(String sql, Object... args) throws SQLException {
        dev.libsql4j.Connection core = conn.core();
        return conn.run(null, 0, false, () -> core.execute(sql, args));
    }

    private static String q(String identifier) {
        return JdbcStatement.quoteIdentifier(identifier);
    }

    // ------------------------------------------------------------------ name patterns

    /** True if {@code name} matches a JDBC pattern ({@code null} matches all), case-insensitively. */
    static boolean matches(String pattern, String name) {
        if (pattern == null) {
            return true;
        }
        if (name == null) {
            return false;
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL)
                .matcher(name).matches();
    }

    /** A catalog argument matches when null or empty: SQLite objects have no catalog. */
    private static boolean catalogMatches(String catalog) {
        return catalog == null || catalog.isEmpty();
    }

    /** The schemas (attached databases) matching a pattern, in {@code database_list} order. */
    private List<String> schemas(String schemaPattern) throws SQLException {
        List<String> out = new ArrayList<>();
        if (schemaPattern != null && schemaPattern.isEmpty()) {
            return out;
        }
        for (Row r : query("PRAGMA database_list").rows()) {
            String name = r.getString("name");
            if (matches(schemaPattern, name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** A table or view of a schema. */
    private static final class Table {
        final String schema;
        final String name;
        final String type;
        final String sql;

        Table(String schema, String name, String type, String sql) {
            this.schema = schema;
            this.name = name;
            this.type = type;
            this.sql = sql;
        }

        /** The JDBC table type. */
        String jdbcType() {
            if (type.equals("view")) {
                return "VIEW";
            }
            if (schema.equalsIgnoreCase("temp")) {
                return "LOCAL TEMPORARY";
            }
            return name.toLowerCase(Locale.ROOT).startsWith("sqlite_") ? "SYSTEM TABLE" : "TABLE";
        }

        boolean withoutRowid() {
            return sql != null && sql.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").contains("WITHOUT ROWID");
        }
    }

    private List<Table> tables(String schemaPattern, String tablePattern) throws SQLException {
        List<Table> out = new ArrayList<>();
        for (String schema : schemas(schemaPattern)) {
            for (Row r : query("SELECT name, type, sql FROM " + q(schema) + ".sqlite_master WHERE type IN ('table', 'view')"
                    + " ORDER BY name").rows()) {
                String name = r.getString(0);
                if (matches(tablePattern, name)) {
                    out.add(new Table(schema, name, r.getString(1), r.getString(2)));
                }
            }
        }
        return out;
    }

    /** The tables named exactly {@code table} (case-insensitively) in the schemas {@code schema} names (null: all). */
    private List<Table> exactTables(String schema, String table) throws SQLException {
        if (table == null) {
            throw new SQLException("table name is null", "HY009");
        }
        return tables(schema == null ? null : escape(schema), escape(table));
    }

    private static String escape(String name) {
        return name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    // ------------------------------------------------------------------ tables and columns

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        MetaTable mt = new MetaTable("TABLE_CAT:TEXT", "TABLE_SCHEM:TEXT", "TABLE_NAME:TEXT", "TABLE_TYPE:TEXT",
                "REMARKS:TEXT", "TYPE_CAT:TEXT", "TYPE_SCHEM:TEXT", "TYPE_NAME:TEXT", "SELF_REFERENCING_COL_NAME:TEXT",
                "REF_GENERATION:TEXT");
        if (catalogMatches(catalog)) {
            for (Table t : tables(schemaPattern, tableNamePattern)) {
                String type = t.jdbcType();
                if (types != null) {
                    boolean wanted = false;
                    for (String ty : types) {
                        wanted |= type.equalsIgnoreCase(ty);
                    }
                    if (!wanted) {
                        continue;
                    }
                }
                mt.add(null, t.schema, t.name, type, null, null, null, null, null, null);
            }
        }
        return mt.sortBy(3, 0, 1, 2).resultSet();
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return new MetaTable("TABLE_TYPE:TEXT").add("LOCAL TEMPORARY").add("SYSTEM TABLE").add("TABLE").add("VIEW")
                .resultSet();
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return getSchemas(null, null);
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        MetaTable mt = new MetaTable("TABLE_SCHEM:TEXT", "TABLE_CATALOG:TEXT");
        if (catalogMatches(catalog)) {
            for (String s : schemas(schemaPattern)) {
                mt.add(s, null);
            }
        }
        return mt.sortBy(1, 0).resultSet();
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return new MetaTable("TABLE_CAT:TEXT").resultSet();
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
            throws SQLException {
        MetaTable mt = new MetaTable("TABLE_CAT:TEXT", "TABLE_SCHEM:TEXT", "TABLE_NAME:TEXT", "COLUMN_NAME:TEXT",
                "DATA_TYPE:INTEGER", "TYPE_NAME:TEXT", "COLUMN_SIZE:INTEGER", "BUFFER_LENGTH:INTEGER",
                "DECIMAL_DIGITS:INTEGER", "NUM_PREC_RADIX:INTEGER", "NULLABLE:INTEGER", "REMARKS:TEXT", "COLUMN_DEF:TEXT",
                "SQL_DATA_TYPE:INTEGER", "SQL_DATETIME_SUB:INTEGER", "CHAR_OCTET_LENGTH:INTEGER",
                "ORDINAL_POSITION:INTEGER", "IS_NULLABLE:TEXT", "SCOPE_CATALOG:TEXT", "SCOPE_SCHEMA:TEXT",
                "SCOPE_TABLE:TEXT", "SOURCE_DATA_TYPE:SMALLINT", "IS_AUTOINCREMENT:TEXT", "IS_GENERATEDCOLUMN:TEXT");
        if (!catalogMatches(catalog)) {
            return mt.resultSet();
        }
        List<Table> tables = tables(schemaPattern, tableNamePattern);
        Map<String, List<Row>> bySchemaTable = columnsOf(tables);
        for (Table t : tables) {
            List<Row> cols = bySchemaTable.getOrDefault(t.schema + "\u0000" + t.name, List.of());
            int pkCount = 0;
            for (Row c : cols) {
                if (c.getLong("pk") > 0) {
                    pkCount++;
                }
            }
            int position = 0;
            for (Row c : cols) {
                long hidden = c.getLong("hidden");
                if (hidden == 1) {
                    continue;
                }
                position++;
                String name = c.getString("name");
                if (!matches(columnNamePattern, name)) {
                    continue;
                }
                String declared = c.getString("type");
                int dataType = TypeMapping.jdbcType(declared);
                String typeName = TypeMapping.baseName(declared);
                boolean rowidAlias = pkCount == 1 && c.getLong("pk") == 1 && "INTEGER".equalsIgnoreCase(
                        declared == null ? "" : declared.trim()) && !t.withoutRowid() && t.type.equals("table");
                boolean notNull = c.getLong("notnull") != 0 || rowidAlias;
                int size = TypeMapping.precision(declared);
                if (size == 0) {
                    size = defaultSize(dataType);
                }
                Integer digits = TypeMapping.scale(declared) > 0 ? (Integer) TypeMapping.scale(declared)
                        : TypeMapping.isNumeric(dataType) ? (Integer) 0 : null;
                mt.add(null, t.schema, t.name, name, dataType, typeName == null ? "" : typeName, size, null, digits, 10,
                        notNull ? columnNoNulls : columnNullable, null, c.getString("dflt_value"), null, null,
                        dataType == Types.VARCHAR || dataType == Types.CHAR || dataType == Types.CLOB ? size : null,
                        position, notNull ? "NO" : "YES", null, null, null, null, rowidAlias ? "YES" : "NO",
                        hidden == 2 || hidden == 3 ? "YES" : "NO");
            }
        }
        return mt.resultSet();
    }

    private static int defaultSize(int type) {
        switch (type) {
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
                return 19;
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE:
                return 17;
            case Types.BOOLEAN:
            case Types.BIT:
                return 1;
            case Types.DATE:
                return 10;
            case Types.TIME:
                return 18;
            case Types.TIMESTAMP:
                return 29;
            default:
                return 2_000_000_000;
        }
    }

    /** The {@code pragma_table_xinfo} rows of every table, keyed by schema NUL name; one query per schema. */
    private Map<String, List<Row>> columnsOf(List<Table> tables) throws SQLException {
        Map<String, List<Row>> out = new HashMap<>();
        Map<String, List<Table>> bySchema = new LinkedHashMap<>();
        for (Table t : tables) {
            bySchema.computeIfAbsent(t.schema, k -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<String, List<Table>> e : bySchema.entrySet()) {
            String schema = e.getKey();
            List<Table> ts = e.getValue();
            if (ts.size() > 1) {
                try {
                    Result r = query("SELECT m.name AS tbl, p.* FROM " + q(schema) + ".sqlite_master m"
                            + " JOIN pragma_table_xinfo(m.name, ?) p WHERE m.type IN ('table', 'view')"
                            + " ORDER BY m.name, p.cid", schema);
                    for (Row row : r.rows()) {
                        out.computeIfAbsent(schema + "\u0000" + row.getString("tbl"), k -> new ArrayList<>()).add(row);
                    }
                    continue;
                } catch (SQLException broken) {
                    // A view over a dropped table fails the whole join; ask table by table below.
                }
            }
            for (Table t : ts) {
                try {
                    out.put(schema + "\u0000" + t.name, query("SELECT * FROM pragma_table_xinfo(?, ?)", t.name, schema).rows());
                } catch (SQLException brokenView) {
                    out.put(schema + "\u0000" + t.name, List.of());
                }
            }
        }
        return out;
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        MetaTable mt = new MetaTable("TABLE_CAT:TEXT", "TABLE_SCHEM:TEXT", "TABLE_NAME:TEXT", "COLUMN_NAME:TEXT",
                "KEY_SEQ:SMALLINT", "PK_NAME:TEXT");
        if (catalogMatches(catalog)) {
            for (Table t : exactTables(schema, table)) {
                for (Row c : query("SELECT name, pk FROM pragma_table_info(?, ?) WHERE pk > 0", t.name, t.schema).rows()) {
                    mt.add(null, t.schema, t.name, c.getString(0), c.getLong(1), null);
                }
            }
        }
        return mt.sortBy(3).resultSet();
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        MetaTable mt = new MetaTable("TABLE_CAT:TEXT", "TABLE_SCHEM:TEXT", "TABLE_NAME:TEXT", "NON_UNIQUE:BOOLEAN",
                "INDEX_QUALIFIER:TEXT", "INDEX_NAME:TEXT", "TYPE:SMALLINT", "ORDINAL_POSITION:SMALLINT",
                "COLUMN_NAME:TEXT", "ASC_OR_DESC:TEXT", "CARDINALITY:BIGINT", "PAGES:BIGINT", "FILTER_CONDITION:TEXT");
        if (catalogMatches(catalog)) {
            for (Table t : exactTables(schema, table)) {
                Result r = query("SELECT il.name AS index_name, il.\"unique\" AS is_unique, il.partial AS partial,"
                        + " ii.seqno AS seqno, ii.name AS column_name, ii.desc AS is_desc"
                        + " FROM pragma_index_list(?, ?) il JOIN pragma_index_xinfo(il.name, ?) ii"
                        + " WHERE ii.key = 1 ORDER BY il.name, ii.seqno", t.name, t.schema, t.schema);
                for (Row row : r.rows()) {
                    boolean isUnique = row.getLong("is_unique") != 0;
                    if (unique && !isUnique) {
                        continue;
                    }
                    mt.add(null, t.schema, t.name, !isUnique, null, row.getString("index_name"),
                            (int) tableIndexOther, row.getLong("seqno") + 1, row.getString("column_name"),
                            row.getLong("is_desc") != 0 ? "D" : "A", null, null, null);
                }
            }
        }
        return mt.sortBy(3, 6, 5, 7).resultSet();
    }

    // ------------------------------------------------------------------ foreign keys

    private static MetaTable keyTable() {
        return new MetaTable("PKTABLE_CAT:TEXT", "PKTABLE_SCHEM:TEXT", "PKTABLE_NAME:TEXT", "PKCOLUMN_NAME:TEXT",
                "FKTABLE_CAT:TEXT", "FKTABLE_SCHEM:TEXT", "FKTABLE_NAME:TEXT", "FKCOLUMN_NAME:TEXT", "KEY_SEQ:SMALLINT",
                "UPDATE_RULE:SMALLINT", "DELETE_RULE:SMALLINT", "FK_NAME:TEXT", "PK_NAME:TEXT", "DEFERRABILITY:SMALLINT");
    }

    /** One foreign key column pair. */
    private static final class FkColumn {
        final String schema;
        final String fkTable;
        final long id;
        final long seq;
        final String pkTable;
        final String from;
        String to;
        final String onUpdate;
        final String onDelete;

        FkColumn(String schema, String fkTable, Row r) {
            this.schema = schema;
            this.fkTable = fkTable;
            this.id = r.getLong("id");
            this.seq = r.getLong("seq");
            this.pkTable = r.getString("table");
            this.from = r.getString("from");
            this.to = r.getString("to");
            this.onUpdate = r.getString("on_update");
            this.onDelete = r.getString("on_delete");
        }
    }

    /** The foreign keys of the given tables (null: every table of the schemas), with implicit targets resolved. */
    private List<FkColumn> foreignKeys(List<String> schemaList, String fkTableOrNull) throws SQLException {
        List<FkColumn> out = new ArrayList<>();
        for (String schema : schemaList) {
            Result r = fkTableOrNull == null
                    ? query("SELECT m.name AS fk_table, f.* FROM " + q(schema) + ".sqlite_master m"
                    + " JOIN pragma_foreign_key_list(m.name, ?) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq", schema)
                    : query("SELECT ? AS fk_table, f.* FROM pragma_foreign_key_list(?, ?) f ORDER BY f.id, f.seq",
                    fkTableOrNull, fkTableOrNull, schema);
            Map<String, List<String>> pkCache = new HashMap<>();
            for (Row row : r.rows()) {
                FkColumn fk = new FkColumn(schema, row.getString("fk_table"), row);
                if (fk.to == null) {
                    List<String> pk = pkCache.get(fk.pkTable.toLowerCase(Locale.ROOT));
                    if (pk == null) {
                        pk = new ArrayList<>();
                        for (Row p : query("SELECT name FROM pragma_table_info(?, ?) WHERE pk > 0 ORDER BY pk",
                                fk.pkTable, schema).rows()) {
                            pk.add(p.getString(0));
                        }
                        pkCache.put(fk.pkTable.toLowerCase(Locale.ROOT), pk);
                    }
                    fk.to = fk.seq < pk.size() ? pk.get((int) fk.seq) : null;
                }
                out.add(fk);
            }
        }
        return out;
    }

    private static int rule(String action) {
        if (action == null) {
            return importedKeyNoAction;
        }
        switch (action.toUpperCase(Locale.ROOT)) {
            case "CASCADE":
                return importedKeyCascade;
            case "RESTRICT":
                return importedKeyRestrict;
            case "SET NULL":
                return importedKeySetNull;
            case "SET DEFAULT":
                return importedKeySetDefault;
            default:
                return importedKeyNoAction;
        }
    }

    /** A stable name for an unnamed foreign key: {@code fk_<table>_<columns>}. */
    private static String fkName(List<FkColumn> all, FkColumn fk) {
        StringBuilder sb = new StringBuilder("fk_").append(fk.fkTable);
        for (FkColumn c : all) {
            if (c.schema.equals(fk.schema) && c.fkTable.equals(fk.fkTable) && c.id == fk.id) {
                sb.append('_').append(c.from);
            }
        }
        return sb.toString();
    }

    private void addKeys(MetaTable mt, List<FkColumn> fks, String pkTableFilter) {
        for (FkColumn fk : fks) {
            if (pkTableFilter != null && !fk.pkTable.equalsIgnoreCase(pkTableFilter)) {
                continue;
            }
            mt.add(null, fk.schema, fk.pkTable, fk.to, null, fk.schema, fk.fkTable, fk.from, fk.seq + 1,
                    rule(fk.onUpdate), rule(fk.onDelete), fkName(fks, fk), null, importedKeyNotDeferrable);
        }
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        MetaTable mt = keyTable();
        if (catalogMatches(catalog)) {
            for (Table t : exactTables(schema, table)) {
                if (t.type.equals("table")) {
                    addKeys(mt, foreignKeys(List.of(t.schema), t.name), null);
                }
            }
        }
        return mt.sortBy(0, 1, 2, 8).resultSet();
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        MetaTable mt = keyTable();
        if (catalogMatches(catalog)) {
            for (Table t : exactTables(schema, table)) {
                addKeys(mt, foreignKeys(List.of(t.schema), null), t.name);
            }
        }
        return mt.sortBy(4, 5, 6, 8).resultSet();
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
                                       String foreignCatalog, String foreignSchema, String foreignTable)
            throws SQLException {
        MetaTable mt = keyTable();
        if (catalogMatches(parentCatalog) && catalogMatches(foreignCatalog)) {
            for (Table t : exactTables(foreignSchema, foreignTable)) {
                if (!t.type.equals("table")) {
                    continue;
                }
                for (Table p : exactTables(parentSchema == null ? t.schema : parentSchema, parentTable)) {
                    if (p.schema.equals(t.schema)) {
                        addKeys(mt, foreignKeys(List.of(t.schema), t.name), p.name);
                    }
                }
            }
        }
        return mt.sortBy(4, 5, 6, 8).resultSet();
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
            throws SQLException {
        MetaTable mt = new MetaTable("SCOPE:SMALLINT", "COLUMN_NAME:TEXT", "DATA_TYPE:INTEGER", "TYPE_NAME:TEXT",
                "COLUMN_SIZE:INTEGER", "BUFFER_LENGTH:INTEGER", "DECIMAL_DIGITS:SMALLINT", "PSEUDO_COLUMN:SMALLINT");
        if (catalogMatches(catalog)) {
            for (Table t : exactTables(schema, table)) {
                if (!t.type.equals("table")) {
                    continue;
                }
                List<Row> pk = query("SELECT name, type FROM pragma_table_info(?, ?) WHERE pk > 0 ORDER BY pk",
                        t.name, t.schema).rows();
                if (pk.isEmpty() && !t.withoutRowid()) {
                    mt.add(bestRowSession, "rowid", Types.BIGINT, "INTEGER", 19, null, 0, bestRowPseudo);
                }
                for (Row c : pk) {
                    String declared = c.getString(1);
                    int type = TypeMapping.jdbcType(declared);
                    int size = TypeMapping.precision(declared);
                    String typeName = TypeMapping.baseName(declared);
                    mt.add(bestRowSession, c.getString(0), type, typeName == null ? "" : typeName,
                            size == 0 ? defaultSize(type) : size, null, TypeMapping.scale(declared), bestRowNotPseudo);
                }
            }
        }
        return mt.resultSet();
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        MetaTable mt = new MetaTable("TYPE_NAME:TEXT", "DATA_TYPE:INTEGER", "PRECISION:INTEGER", "LITERAL_PREFIX:TEXT",
                "LITERAL_SUFFIX:TEXT", "CREATE_PARAMS:TEXT", "NULLABLE:SMALLINT", "CASE_SENSITIVE:BOOLEAN",
                "SEARCHABLE:SMALLINT", "UNSIGNED_ATTRIBUTE:BOOLEAN", "FIXED_PREC_SCALE:BOOLEAN", "AUTO_INCREMENT:BOOLEAN",
                "LOCAL_TYPE_NAME:TEXT", "MINIMUM_SCALE:SMALLINT", "MAXIMUM_SCALE:SMALLINT", "SQL_DATA_TYPE:INTEGER",
                "SQL_DATETIME_SUB:INTEGER", "NUM_PREC_RADIX:INTEGER");
        int nullable = typeNullable;
        int searchable = typeSearchable;
        mt.add("NULL", Types.NULL, 0, null, null, null, nullable, false, searchable, false, false, false, null, 0, 0,
                null, null, 10);
        mt.add("NUMERIC", Types.NUMERIC, 15, null, null, "precision,scale", nullable, false, searchable, false, false,
                false, null, 0, 15, null, null, 10);
        mt.add("INTEGER", Types.INTEGER, 19, null, null, null, nullable, false, searchable, false, true, true, null, 0, 0,
                null, null, 10);
        mt.add("REAL", Types.REAL, 17, null, null, null, nullable, false, searchable, false, false, false, null, 0, 0,
                null, null, 10);
        mt.add("TEXT", Types.VARCHAR, 1_000_000_000, "'", "'", null, nullable, true, searchable, false, false, false,
                null, 0, 0, null, null, 10);
        mt.add("BLOB", Types.BLOB, 1_000_000_000, "X'", "'", null, nullable, true, searchable, false, false, false,
                null, 0, 0, null, null, 10);
        return mt.sortBy(1).resultSet();
    }

    // ------------------------------------------------------------------ always-empty results

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
            throws SQLException {
        return new MetaTable("PROCEDURE_CAT:TEXT", "PROCEDURE_SCHEM:TEXT", "PROCEDURE_NAME:TEXT", "RESERVED1:TEXT",
                "RESERVED2:TEXT", "RESERVED3:TEXT", "REMARKS:TEXT", "PROCEDURE_TYPE:SMALLINT", "SPECIFIC_NAME:TEXT")
                .resultSet();
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
                                         String columnNamePattern) throws SQLException {
        return new MetaTable("PROCEDURE_CAT:TEXT", "PROCEDURE_SCHEM:TEXT", "PROCEDURE_NAME:TEXT", "COLUMN_NAME:TEXT",
                "COLUMN_TYPE:SMALLINT", "DATA_TYPE:INTEGER", "TYPE_NAME:TEXT", "PRECISION:INTEGER", "LENGTH:INTEGER",
                "SCALE:SMALLINT", "RADIX:SMALLINT", "NULLABLE:SMALLINT", "REMARKS:TEXT", "COLUMN_DEF:TEXT",
                "SQL_DATA_TYPE:INTEGER", "SQL_DATETIME_SUB:INTEGER", "CHAR_OCTET_LENGTH:INTEGER",
                "ORDINAL_POSITION:INTEGER", "IS_NULLABLE:TEXT", "SPECIFIC_NAME:TEXT").resultSet();
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
            throws SQLException {
        return new MetaTable("TABLE_CAT:TEXT", "TABLE_SCHEM:TEXT", "TABLE_NAME:TEXT", "COLUMN_NAME:TEXT",
                "GRANTOR:TEXT", "GRANTEE:TEXT", "PRIVILEGE:TEXT", "IS_GRANTABLE:TEXT").resultSet();
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return new MetaTable("TABLE_CAT:TEXT", "TABLE_SCHEM:TEXT", "TABLE_NAME:TEXT", "GRANTOR:TEXT", "GRANTEE:TEXT",
                "PRIVILEGE:TEXT", "IS_GRANTABLE:TEXT").resultSet();
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return new MetaTable("SCOPE:SMALLINT", "COLUMN_NAME:TEXT", "DATA_TYPE:INTEGER", "TYPE_NAME:TEXT",
                "COLUMN_SIZE:INTEGER", "BUFFER_LENGTH:INTEGER", "DECIMAL_DIGITS:SMALLINT", "PSEUDO_COLUMN:SMALLINT")
                .resultSet();
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
            throws SQLException {
        return new MetaTable("TYPE_CAT:TEXT", "TYPE_SCHEM:TEXT", "TYPE_NAME:TEXT", "CLASS_NAME:TEXT", "DATA_TYPE:INTEGER",
                "REMARKS:TEXT", "BASE_TYPE:SMALLINT").resultSet();
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        return new MetaTable("TYPE_CAT:TEXT", "TYPE_SCHEM:TEXT", "TYPE_NAME:TEXT", "SUPERTYPE_CAT:TEXT",
                "SUPERTYPE_SCHEM:TEXT", "SUPERTYPE_NAME:TEXT").resultSet();
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return new MetaTable("TABLE_CAT:TEXT", "TABLE_SCHEM:TEXT", "TABLE_NAME:TEXT", "SUPERTABLE_NAME:TEXT")
                .resultSet();
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
                                   String attributeNamePattern) throws SQLException {
        return new MetaTable("TYPE_CAT:TEXT", "TYPE_SCHEM:TEXT", "TYPE_NAME:TEXT", "ATTR_NAME:TEXT", "DATA_TYPE:INTEGER",
                "ATTR_TYPE_NAME:TEXT", "ATTR_SIZE:INTEGER", "DECIMAL_DIGITS:INTEGER", "NUM_PREC_RADIX:INTEGER",
                "NULLABLE:INTEGER", "REMARKS:TEXT", "ATTR_DEF:TEXT", "SQL_DATA_TYPE:INTEGER", "SQL_DATETIME_SUB:INTEGER",
                "CHAR_OCTET_LENGTH:INTEGER", "ORDINAL_POSITION:INTEGER", "IS_NULLABLE:TEXT", "SCOPE_CATALOG:TEXT",
                "SCOPE_SCHEMA:TEXT", "SCOPE_TABLE:TEXT", "SOURCE_DATA_TYPE:SMALLINT").resultSet();
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return new MetaTable("NAME:TEXT", "MAX_LEN:INTEGER", "DEFAULT_VALUE:TEXT", "DESCRIPTION:TEXT").resultSet();
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
            throws SQLException {
        return new MetaTable("FUNCTION_CAT:TEXT", "FUNCTION_SCHEM:TEXT", "FUNCTION_NAME:TEXT", "REMARKS:TEXT",
                "FUNCTION_TYPE:SMALLINT", "SPECIFIC_NAME:TEXT").resultSet();
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
                                        String columnNamePattern) throws SQLException {
        return new MetaTable("FUNCTION_CAT:TEXT", "FUNCTION_SCHEM:TEXT", "FUNCTION_NAME:TEXT", "COLUMN_NAME:TEXT",
                "COLUMN_TYPE:SMALLINT", "DATA_TYPE:INTEGER", "TYPE_NAME:TEXT", "PRECISION:INTEGER", "LENGTH:INTEGER",
                "SCALE:SMALLINT", "RADIX:SMALLINT", "NULLABLE:SMALLINT", "REMARKS:TEXT", "CHAR_OCTET_LENGTH:INTEGER",
                "ORDINAL_POSITION:INTEGER", "IS_NULLABLE:TEXT", "SPECIFIC_NAME:TEXT").resultSet();
    }

    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
                                      String columnNamePattern) throws SQLException {
        return new MetaTable("TABLE_CAT:TEXT", "TABLE_SCHEM:TEXT", "TABLE_NAME:TEXT", "COLUMN_NAME:TEXT",
                "DATA_TYPE:INTEGER", "COLUMN_SIZE:INTEGER", "DECIMAL_DIGITS:INTEGER", "NUM_PREC_RADIX:INTEGER",
                "COLUMN_USAGE:TEXT", "REMARKS:TEXT", "CHAR_OCTET_LENGTH:INTEGER", "IS_NULLABLE:TEXT").resultSet();
    }

    // ------------------------------------------------------------------ product and driver

    @Override
    public String getDatabaseProductName() {
        return "libSQL";
    }

    /** The SQLite version libSQL is built on, from {@code SELECT sqlite_version()} (e.g. {@code 3.45.1}). */
    @Override
    public String getDatabaseProductVersion() throws SQLException {
        return conn.sqliteVersion();
    }

    private int versionPart(int i) throws SQLException {
        String[] parts = getDatabaseProductVersion().split("\\.");
        try {
            return i < parts.length ? Integer.parseInt(parts[i].replaceAll("\\D.*", "")) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        return versionPart(0);
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        return versionPart(1);
    }

    @Override
    public String getDriverName() {
        return LibSqlDriver.NAME;
    }

    @Override
    public String getDriverVersion() {
        return LibSqlDriver.VERSION;
    }

    @Override
    public int getDriverMajorVersion() {
        return LibSqlDriver.MAJOR;
    }

    @Override
    public int getDriverMinorVersion() {
        return LibSqlDriver.MINOR;
    }

    @Override
    public int getJDBCMajorVersion() {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() {
        return 3;
    }

    /** The JDBC URL with every parameter value (the token among them) replaced by {@code ***}. */
    @Override
    public String getURL() {
        return conn.config().redactedUrl();
    }

    /** libSQL has no user names: empty. */
    @Override
    public String getUserName() {
        return "";
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return conn.isReadOnly();
    }

    @Override
    public Connection getConnection() {
        return conn;
    }

    @Override
    public boolean usesLocalFiles() {
        return conn.config().config().parsedUrl().kind() != DatabaseUrl.Kind.REMOTE;
    }

    @Override
    public boolean usesLocalFilePerTable() {
        return false;
    }

    // ------------------------------------------------------------------ SQL dialect

    @Override
    public boolean allProceduresAreCallable() {
        return false;
    }

    @Override
    public boolean allTablesAreSelectable() {
        return true;
    }

    @Override
    public boolean nullsAreSortedHigh() {
        return false;
    }

    @Override
    public boolean nullsAreSortedLow() {
        return true;
    }

    @Override
    public boolean nullsAreSortedAtStart() {
        return false;
    }

    @Override
    public boolean nullsAreSortedAtEnd() {
        return false;
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesUpperCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesLowerCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesMixedCaseIdentifiers() {
        return true;
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() {
        return true;
    }

    @Override
    public String getIdentifierQuoteString() {
        return "\"";
    }

    @Override
    public String getSQLKeywords() {
        return "ABORT,ACTION,AFTER,ANALYZE,ATTACH,AUTOINCREMENT,CONFLICT,DATABASE,DETACH,EXCLUSIVE,EXPLAIN,FAIL,GLOB,"
                + "IF,IGNORE,INDEXED,INSTEAD,ISNULL,KEY,LIMIT,NOTNULL,OFFSET,PLAN,PRAGMA,QUERY,RAISE,REGEXP,REINDEX,"
                + "RENAME,REPLACE,RESTRICT,RETURNING,VACUUM,VIRTUAL,WITHOUT";
    }

    @Override
    public String getNumericFunctions() {
        return "ABS,ACOS,ASIN,ATAN,ATAN2,CEILING,COS,DEGREES,EXP,FLOOR,LOG,LOG10,MOD,PI,POWER,RADIANS,RAND,ROUND,SIGN,SIN,"
                + "SQRT,TAN,TRUNCATE";
    }

    @Override
    public String getStringFunctions() {
        return "CHAR,CONCAT,LCASE,LENGTH,LOCATE,LTRIM,REPLACE,RTRIM,SUBSTRING,UCASE";
    }

    @Override
    public String getSystemFunctions() {
        return "IFNULL";
    }

    @Override
    public String getTimeDateFunctions() {
        return "CURDATE,CURTIME,NOW";
    }

    @Override
    public String getSearchStringEscape() {
        return "\\";
    }

    @Override
    public String getExtraNameCharacters() {
        return "$";
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() {
        return true;
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() {
        return true;
    }

    @Override
    public boolean supportsColumnAliasing() {
        return true;
    }

    @Override
    public boolean nullPlusNonNullIsNull() {
        return true;
    }

    @Override
    public boolean supportsConvert() {
        return false;
    }

    @Override
    public boolean supportsConvert(int fromType, int toType) {
        return false;
    }

    @Override
    public boolean supportsTableCorrelationNames() {
        return true;
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() {
        return false;
    }

    @Override
    public boolean supportsExpressionsInOrderBy() {
        return true;
    }

    @Override
    public boolean supportsOrderByUnrelated() {
        return true;
    }

    @Override
    public boolean supportsGroupBy() {
        return true;
    }

    @Override
    public boolean supportsGroupByUnrelated() {
        return true;
    }

    @Override
    public boolean supportsGroupByBeyondSelect() {
        return true;
    }

    @Override
    public boolean supportsLikeEscapeClause() {
        return true;
    }

    @Override
    public boolean supportsMultipleResultSets() {
        return false;
    }

    @Override
    public boolean supportsMultipleTransactions() {
        return true;
    }

    @Override
    public boolean supportsNonNullableColumns() {
        return true;
    }

    @Override
    public boolean supportsMinimumSQLGrammar() {
        return true;
    }

    @Override
    public boolean supportsCoreSQLGrammar() {
        return false;
    }

    @Override
    public boolean supportsExtendedSQLGrammar() {
        return false;
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() {
        return true;
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() {
        return false;
    }

    @Override
    public boolean supportsANSI92FullSQL() {
        return false;
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() {
        return true;
    }

    @Override
    public boolean supportsOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsFullOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsLimitedOuterJoins() {
        return true;
    }

    @Override
    public String getSchemaTerm() {
        return "schema";
    }

    @Override
    public String getProcedureTerm() {
        return "procedure";
    }

    @Override
    public String getCatalogTerm() {
        return "catalog";
    }

    @Override
    public boolean isCatalogAtStart() {
        return true;
    }

    @Override
    public String getCatalogSeparator() {
        return ".";
    }

    @Override
    public boolean supportsSchemasInDataManipulation() {
        return true;
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() {
        return false;
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() {
        return true;
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() {
        return true;
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() {
        return false;
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() {
        return false;
    }

    @Override
    public boolean supportsPositionedDelete() {
        return false;
    }

    @Override
    public boolean supportsPositionedUpdate() {
        return false;
    }

    @Override
    public boolean supportsSelectForUpdate() {
        return false;
    }

    @Override
    public boolean supportsStoredProcedures() {
        return false;
    }

    @Override
    public boolean supportsSubqueriesInComparisons() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInExists() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInIns() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() {
        return false;
    }

    @Override
    public boolean supportsCorrelatedSubqueries() {
        return true;
    }

    @Override
    public boolean supportsUnion() {
        return true;
    }

    @Override
    public boolean supportsUnionAll() {
        return true;
    }

    /** True: a result set read on past COMMIT keeps working (over HTTP its unread rows are buffered at COMMIT). */
    @Override
    public boolean supportsOpenCursorsAcrossCommit() {
        return true;
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() {
        return false;
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() {
        return true;
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() {
        return true;
    }

    @Override
    public int getMaxBinaryLiteralLength() {
        return 0;
    }

    @Override
    public int getMaxCharLiteralLength() {
        return 0;
    }

    @Override
    public int getMaxColumnNameLength() {
        return 0;
    }

    @Override
    public int getMaxColumnsInGroupBy() {
        return 0;
    }

    @Override
    public int getMaxColumnsInIndex() {
        return 2000;
    }

    @Override
    public int getMaxColumnsInOrderBy() {
        return 0;
    }

    @Override
    public int getMaxColumnsInSelect() {
        return 2000;
    }

    @Override
    public int getMaxColumnsInTable() {
        return 2000;
    }

    @Override
    public int getMaxConnections() {
        return 0;
    }

    @Override
    public int getMaxCursorNameLength() {
        return 0;
    }

    @Override
    public int getMaxIndexLength() {
        return 0;
    }

    @Override
    public int getMaxSchemaNameLength() {
        return 0;
    }

    @Override
    public int getMaxProcedureNameLength() {
        return 0;
    }

    @Override
    public int getMaxCatalogNameLength() {
        return 0;
    }

    @Override
    public int getMaxRowSize() {
        return 0;
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() {
        return false;
    }

    @Override
    public int getMaxStatementLength() {
        return 1_000_000_000;
    }

    @Override
    public int getMaxStatements() {
        return 0;
    }

    @Override
    public int getMaxTableNameLength() {
        return 0;
    }

    @Override
    public int getMaxTablesInSelect() {
        return 64;
    }

    @Override
    public int getMaxUserNameLength() {
        return 0;
    }

    // ------------------------------------------------------------------ transactions and features

    @Override
    public int getDefaultTransactionIsolation() {
        return Connection.TRANSACTION_SERIALIZABLE;
    }

    @Override
    public boolean supportsTransactions() {
        return true;
    }

    /** Every level but NONE: SQLite runs them all SERIALIZABLE, a stricter substitute JDBC allows. */
    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return level == Connection.TRANSACTION_READ_UNCOMMITTED || level == Connection.TRANSACTION_READ_COMMITTED
                || level == Connection.TRANSACTION_REPEATABLE_READ || level == Connection.TRANSACTION_SERIALIZABLE;
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() {
        return true;
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() {
        return false;
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() {
        return false;
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() {
        return false;
    }

    @Override
    public boolean supportsResultSetType(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public boolean ownUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean ownInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersDeletesAreVisible(int type) {
        return false;
    }

    @Override
    public boolean othersInsertsAreVisible(int type) {
        return false;
    }

    @Override
    public boolean updatesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean deletesAreDetected(int type) {
        return false;
    }

    @Override
    public boolean insertsAreDetected(int type) {
        return false;
    }

    @Override
    public boolean supportsBatchUpdates() {
        return true;
    }

    @Override
    public boolean supportsSavepoints() {
        return true;
    }

    @Override
    public boolean supportsNamedParameters() {
        return false;
    }

    @Override
    public boolean supportsMultipleOpenResults() {
        return false;
    }

    @Override
    public boolean supportsGetGeneratedKeys() {
        return true;
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) {
        return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public int getResultSetHoldability() {
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public int getSQLStateType() {
        return sqlStateSQL;
    }

    @Override
    public boolean locatorsUpdateCopy() {
        return false;
    }

    @Override
    public boolean supportsStatementPooling() {
        return false;
    }

    @Override
    public RowIdLifetime getRowIdLifetime() {
        return RowIdLifetime.ROWID_UNSUPPORTED;
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() {
        return false;
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() {
        return false;
    }

    @Override
    public boolean generatedKeyAlwaysReturned() {
        return false;
    }

    @Override
    public long getMaxLogicalLobSize() {
        return 0;
    }

    @Override
    public boolean supportsRefCursors() {
        return false;
    }

    @Override
    public boolean supportsSharding() {
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
