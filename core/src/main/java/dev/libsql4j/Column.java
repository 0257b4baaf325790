package dev.libsql4j;

/**
 * A result column: its name and its declared type ({@code null} for expressions).
 *
 * @param name         the column name as the database reports it
 * @param declaredType the declared type from the table definition, or {@code null}
 */
public record Column(String name, String declaredType) {
}
