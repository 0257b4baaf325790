package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DatabaseMetaData as tools and migration libraries read it. */
abstract class MetaDataContract extends JdbcContract {
    private String parent;
    private String child;
    private String view;

    @BeforeEach
    void schema() throws SQLException {
        parent = table("Parent");
        child = table("child");
        view = table("v_parent");
        try (Connection c = open()) {
            exec(c, "CREATE TABLE " + parent + "(id INTEGER PRIMARY KEY, code TEXT NOT NULL, region INT NOT NULL,"
                    + " price DECIMAL(10,2) DEFAULT 0, note VARCHAR(40), UNIQUE (code, region))");
            exec(c, "CREATE INDEX " + parent + "_price ON " + parent + "(price DESC)");
            exec(c, "CREATE TABLE " + child + "(cid INTEGER NOT NULL, pcode TEXT, pregion INT, pid INTEGER REFERENCES "
                    + parent + "(id) ON DELETE CASCADE, PRIMARY KEY (cid, pcode),"
                    + " FOREIGN KEY (pcode, pregion) REFERENCES " + parent + "(code, region) ON UPDATE SET NULL)");
            exec(c, "CREATE VIEW " + view + " AS SELECT id, code FROM " + parent);
        }
    }

    private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (rs) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void productAndDriver() throws SQLException {
        try (Connection c = open()) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDatabaseProductName()).isEqualTo("libSQL");
            assertThat(md.getDatabaseProductVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(md.getDatabaseMajorVersion()).isEqualTo(3);
            assertThat(md.getDatabaseMinorVersion()).isGreaterThanOrEqualTo(35);
            assertThat(md.getDriverName()).isEqualTo("libsql4j JDBC");
            assertThat(md.getDriverVersion()).isEqualTo(LibSqlDriver.VERSION).doesNotContain("${");
            assertThat(md.getDriverMajorVersion()).isEqualTo(new LibSqlDriver().getMajorVersion());
            assertThat(md.getJDBCMajorVersion()).isEqualTo(4);
            assertThat(md.getURL()).startsWith("jdbc:libsql:");
            assertThat(md.getUserName()).isEmpty();
            assertThat(md.getConnection()).isSameAs(c);
            assertThat(md.getIdentifierQuoteString()).isEqualTo("\"");
            assertThat(md.getSearchStringEscape()).isEqualTo("\\");
            assertThat(md.supportsTransactions()).isTrue();
            assertThat(md.supportsSavepoints()).isTrue();
            assertThat(md.supportsBatchUpdates()).isTrue();
            assertThat(md.supportsGetGeneratedKeys()).isTrue();
            assertThat(md.getDefaultTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_NONE)).isFalse();
            assertThat(md.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY)).isTrue();
            assertThat(md.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE)).isFalse();
            assertThat(md.supportsStoredProcedures()).isFalse();
            assertThat(md.supportsMultipleResultSets()).isFalse();
            assertThat(md.supportsFullOuterJoins()).isTrue();
            assertThat(md.supportsAlterTableWithAddColumn()).isTrue();
            assertThat(md.storesMixedCaseIdentifiers()).isTrue();
            assertThat(md.nullsAreSortedLow()).isTrue();
            assertThat(md.supportsSchemasInTableDefinitions()).isTrue();
            assertThat(md.supportsCatalogsInTableDefinitions()).isFalse();
            assertThat(md.isReadOnly()).isFalse();
            assertThat(md.getSQLKeywords()).contains("PRAGMA");
        }
    }

    @Test
    void schemasCatalogsAndTableTypes() throws SQLException {
        try (Connection c = open()) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(rows(md.getSchemas())).extracting(r -> r.get("TABLE_SCHEM")).contains("main");
            assertThat(rows(md.getSchemas(null, "ma%"))).extracting(r -> r.get("TABLE_SCHEM")).containsExactly("main");
            assertThat(rows(md.getCatalogs())).isEmpty();
            assertThat(rows(md.getTableTypes())).extracting(r -> r.get("TABLE_TYPE"))
                    .containsExactly("LOCAL TEMPORARY", "SYSTEM TABLE", "TABLE", "VIEW");
            List<Map<String, Object>> types = rows(md.getTypeInfo());
            assertThat(types).extracting(r -> r.get("TYPE_NAME")).contains("INTEGER", "REAL", "TEXT", "BLOB", "NULL");
            assertThat(types).extracting(r -> (Integer) r.get("DATA_TYPE")).isSorted();
        }
    }

    @Test
    void tables() throws SQLException {
        try (Connection c = open()) {
            DatabaseMetaData md = c.getMetaData();
            List<Map<String, Object>> all = rows(md.getTables(null, null, "%", null));
            assertThat(all).filteredOn(r -> r.get("TABLE_NAME").equals(parent)).singleElement()
                    .satisfies(r -> {
                        assertThat(r.get("TABLE_TYPE")).isEqualTo("TABLE");
                        assertThat(r.get("TABLE_SCHEM")).isEqualTo("main");
                        assertThat(r.get("TABLE_CAT")).isNull();
                    });
            assertThat(all).filteredOn(r -> r.get("TABLE_NAME").equals(view)).singleElement()
                    .satisfies(r -> assertThat(r.get("TABLE_TYPE")).isEqualTo("VIEW"));
            assertThat(rows(md.getTables(null, null, parent.toUpperCase(), new String[] {"TABLE"})))
                    .as("names match case-insensitively, like SQLite").hasSize(1);
            assertThat(rows(md.getTables(null, null, "%", new String[] {"VIEW"})))
                    .extracting(r -> r.get("TABLE_NAME")).contains(view).doesNotContain(parent);
            assertThat(rows(md.getTables(null, "main", parent.replace("_", "\\_"), null))).hasSize(1);
            assertThat(rows(md.getTables(null, "other", "%", null))).isEmpty();
            assertThat(rows(md.getTables("some_catalog", null, "%", null))).isEmpty();
            assertThat(rows(md.getTables(null, null, "%", new String[] {"SYSTEM TABLE"})))
                    .allSatisfy(r -> assertThat((String) r.get("TABLE_NAME")).startsWith("sqlite_"));
        }
    }

    @Test
    void columns() throws SQLException {
        try (Connection c = open()) {
            List<Map<String, Object>> cols = rows(c.getMetaData().getColumns(null, null, parent, "%"));
            assertThat(cols).extracting(r -> r.get("COLUMN_NAME")).containsExactly("id", "code", "region", "price", "note");
            Map<String, Object> id = cols.get(0);
            assertThat(id.get("DATA_TYPE")).isEqualTo(Types.INTEGER);
            assertThat(id.get("TYPE_NAME")).isEqualTo("INTEGER");
            assertThat(id.get("IS_AUTOINCREMENT")).isEqualTo("YES");
            assertThat(id.get("NULLABLE")).isEqualTo(DatabaseMetaData.columnNoNulls);
            assertThat(id.get("ORDINAL_POSITION")).isEqualTo(1);
            Map<String, Object> code = cols.get(1);
            assertThat(code.get("DATA_TYPE")).isEqualTo(Types.VARCHAR);
            assertThat(code.get("IS_NULLABLE")).isEqualTo("NO");
            assertThat(code.get("IS_AUTOINCREMENT")).isEqualTo("NO");
            Map<String, Object> price = cols.get(3);
            assertThat(price.get("DATA_TYPE")).isEqualTo(Types.DECIMAL);
            assertThat(price.get("TYPE_NAME")).isEqualTo("DECIMAL");
            assertThat(price.get("COLUMN_SIZE")).isEqualTo(10);
            assertThat(price.get("DECIMAL_DIGITS")).isEqualTo(2);
            assertThat(price.get("COLUMN_DEF")).isEqualTo("0");
            assertThat(price.get("IS_NULLABLE")).isEqualTo("YES");
            assertThat(cols.get(4).get("COLUMN_SIZE")).isEqualTo(40);
            assertThat(rows(c.getMetaData().getColumns(null, null, parent, "pr%"))).hasSize(1);
            assertThat(rows(c.getMetaData().getColumns(null, null, view, null)))
                    .extracting(r -> r.get("COLUMN_NAME")).containsExactly("id", "code");
            assertThat(rows(c.getMetaData().getColumns(null, null, "%", "pcode")))
                    .extracting(r -> r.get("TABLE_NAME")).contains(child).allSatisfy(n -> assertThat((String) n).startsWith("child_"));
        }
    }

    @Test
    void primaryKeysAndIndexes() throws SQLException {
        try (Connection c = open()) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(rows(md.getPrimaryKeys(null, null, parent))).singleElement()
                    .satisfies(r -> {
                        assertThat(r.get("COLUMN_NAME")).isEqualTo("id");
                        assertThat(r.get("KEY_SEQ")).isEqualTo(1);
                    });
            List<Map<String, Object>> pk = rows(md.getPrimaryKeys(null, "main", child));
            assertThat(pk).extracting(r -> r.get("COLUMN_NAME") + ":" + r.get("KEY_SEQ")).containsExactly("cid:1", "pcode:2");

            List<Map<String, Object>> idx = rows(md.getIndexInfo(null, null, parent, false, true));
            assertThat(idx).extracting(r -> r.get("INDEX_NAME") + "." + r.get("COLUMN_NAME") + "." + r.get("ASC_OR_DESC")
                    + "." + r.get("NON_UNIQUE") + "." + r.get("ORDINAL_POSITION"))
                    .containsExactlyInAnyOrder("sqlite_autoindex_" + parent + "_1.code.A.false.1",
                            "sqlite_autoindex_" + parent + "_1.region.A.false.2",
                            parent + "_price.price.D.true.1");
            assertThat(rows(md.getIndexInfo(null, null, parent, true, true)))
                    .allSatisfy(r -> assertThat(r.get("NON_UNIQUE")).isEqualTo(false));
            assertThat(rows(md.getBestRowIdentifier(null, null, parent, DatabaseMetaData.bestRowSession, false)))
                    .extracting(r -> r.get("COLUMN_NAME")).containsExactly("id");
        }
    }

    @Test
    void foreignKeys() throws SQLException {
        try (Connection c = open()) {
            DatabaseMetaData md = c.getMetaData();
            List<Map<String, Object>> imported = rows(md.getImportedKeys(null, null, child));
            assertThat(imported).extracting(r -> r.get("FKCOLUMN_NAME") + "->" + r.get("PKTABLE_NAME") + "."
                    + r.get("PKCOLUMN_NAME") + "#" + r.get("KEY_SEQ"))
                    .containsExactlyInAnyOrder("pid->" + parent + ".id#1", "pcode->" + parent + ".code#1",
                            "pregion->" + parent + ".region#2");
            Map<String, Object> pid = imported.stream().filter(r -> r.get("FKCOLUMN_NAME").equals("pid")).findFirst()
                    .orElseThrow();
            assertThat(pid.get("DELETE_RULE")).isEqualTo(DatabaseMetaData.importedKeyCascade);
            assertThat(pid.get("UPDATE_RULE")).isEqualTo(DatabaseMetaData.importedKeyNoAction);
            assertThat(pid.get("FK_NAME")).isEqualTo("fk_" + child + "_pid");
            Map<String, Object> pcode = imported.stream().filter(r -> r.get("FKCOLUMN_NAME").equals("pcode")).findFirst()
                    .orElseThrow();
            assertThat(pcode.get("UPDATE_RULE")).isEqualTo(DatabaseMetaData.importedKeySetNull);
            assertThat(pcode.get("FK_NAME")).isEqualTo("fk_" + child + "_pcode_pregion");

            assertThat(rows(md.getExportedKeys(null, null, parent))).hasSize(3)
                    .allSatisfy(r -> assertThat(r.get("FKTABLE_NAME")).isEqualTo(child));
            assertThat(rows(md.getExportedKeys(null, null, child))).isEmpty();
            assertThat(rows(md.getCrossReference(null, null, parent, null, null, child))).hasSize(3);
            assertThat(rows(md.getCrossReference(null, null, child, null, null, parent))).isEmpty();
        }
    }

    @Test
    void emptyButWellFormedResults() throws SQLException {
        try (Connection c = open()) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getProcedures(null, null, "%")) {
                assertThat(rs.getMetaData().getColumnName(3)).isEqualTo("PROCEDURE_NAME");
                assertThat(rs.next()).isFalse();
            }
            assertThat(rows(md.getFunctions(null, null, "%"))).isEmpty();
            assertThat(rows(md.getUDTs(null, null, "%", null))).isEmpty();
            assertThat(rows(md.getTablePrivileges(null, null, "%"))).isEmpty();
            assertThat(rows(md.getColumnPrivileges(null, null, parent, "%"))).isEmpty();
            assertThat(rows(md.getVersionColumns(null, null, parent))).isEmpty();
            assertThat(rows(md.getSuperTables(null, null, "%"))).isEmpty();
            assertThat(rows(md.getPseudoColumns(null, null, "%", "%"))).isEmpty();
            assertThat(rows(md.getClientInfoProperties())).isEmpty();
        }
    }

    @Test
    void metadataDoesNotBeginTheLazyTransaction() throws SQLException {
        try (Connection c = open()) {
            c.setAutoCommit(false);
            rows(c.getMetaData().getTables(null, null, "%", null));
            c.getMetaData().getDatabaseProductVersion();
            assertThat(c.unwrap(dev.libsql4j.Connection.class).isAutocommit()).isTrue();
            c.setAutoCommit(true);
        }
    }
}
