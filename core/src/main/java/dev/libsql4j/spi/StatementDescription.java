package dev.libsql4j.spi;

import dev.libsql4j.Column;
import java.util.List;

/**
 * What a prepared statement looks like, found without running it.
 *
 * @param parameterNames one entry per parameter, with its prefix ({@code :id}, {@code ?2});
 *                       null for a plain {@code ?}
 * @param columns        the result columns; empty for statements that return no rows
 * @param readOnly       true if the statement does not write
 */
public record StatementDescription(List<String> parameterNames, List<Column> columns, boolean readOnly) {
    /** Copies the lists. Parameter names may contain nulls. */
    public StatementDescription {
        parameterNames = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameterNames));
        columns = List.copyOf(columns);
    }
}
