package dev.libsql4j.http.internal;

/** A Hrana {@code Error}: a message and an optional code. */
record HranaError(String message, String code) {
}
