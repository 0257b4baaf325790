package dev.libsql4j.spi;

/** How a batch treats a failing step. */
public enum BatchMode {
    /** All steps or none: the first failure undoes the batch and is thrown. */
    ATOMIC,
    /** Every step runs on its own; failures are reported per step. */
    INDEPENDENT
}
