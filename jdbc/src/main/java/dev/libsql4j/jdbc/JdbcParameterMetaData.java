package dev.libsql4j.jdbc;

import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Parameter metadata from the SQL text: the count and names are exact; types are unknown
 * ({@link Types#OTHER}), because SQLite parameters take a value of any type.
 */
final class JdbcParameterMetaData implements ParameterMetaData {
    private final List<String> names;

    JdbcParameterMetaData(List<String> names) {
        this.names = names;
    }

    private void check(int param) throws SQLException {
        if (param < 1 || param > names.size()) {
            throw new SQLException("Parameter index " + param + " is out of range; the statement has " + names.size()
                    + " parameters", "07009");
        }
    }

    @Override
    public int getParameterCount() {
        return names.size();
    }

    @Override
    public int isNullable(int param) throws SQLException {
        check(param);
        return parameterNullableUnknown;
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        check(param);
        return true;
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        check(param);
        return 0;
    }

    @Override
    public int getScale(int param) throws SQLException {
        check(param);
        return 0;
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        check(param);
        return Types.OTHER;
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        check(param);
        return "";
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        check(param);
        return Object.class.getName();
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        check(param);
        return parameterModeIn;
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
