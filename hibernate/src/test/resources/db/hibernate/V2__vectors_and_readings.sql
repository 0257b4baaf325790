CREATE TABLE doc (
    id        INTEGER PRIMARY KEY,
    title     TEXT NOT NULL,
    embedding F32_BLOB(3),
    precise   F64_BLOB(2)
);
CREATE INDEX doc_embedding_idx ON doc (libsql_vector_idx(embedding));

CREATE TABLE reading (
    id     BLOB    NOT NULL PRIMARY KEY,
    sensor TEXT,
    seq    INTEGER NOT NULL,
    value  REAL    NOT NULL
);
