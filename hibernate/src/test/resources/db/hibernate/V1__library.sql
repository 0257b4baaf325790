-- The entity model of HibernateContract, written the way SQLite migrations are usually written:
-- INTEGER PRIMARY KEY (the rowid alias) for long ids, TEXT, REAL, BOOLEAN as 0/1, vector columns
-- with libSQL's own types and a vector index.
CREATE TABLE author (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    name    TEXT    NOT NULL UNIQUE,
    version INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE book (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id INTEGER NOT NULL REFERENCES author (id) ON DELETE CASCADE,
    title     TEXT    NOT NULL,
    published INTEGER NOT NULL,
    price     DECIMAL(10, 2),
    added     DATE,
    available BOOLEAN NOT NULL DEFAULT 1
);
CREATE INDEX book_author ON book (author_id);
