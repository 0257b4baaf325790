INSERT INTO accounts (owner, balance) VALUES ('ann', 100), ('bob', 50); -- a comment; with a semicolon

/* A trigger body holds semicolons of its own: Flyway's SQLite parser keeps it whole. */
CREATE TRIGGER accounts_audit AFTER UPDATE OF balance ON accounts
BEGIN
    INSERT INTO audit (account_id, message) VALUES (new.id, 'balance ' || old.balance || ' -> ' || new.balance);
END;
