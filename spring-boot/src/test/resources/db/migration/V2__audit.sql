CREATE TABLE audit_note (id INTEGER PRIMARY KEY, note TEXT NOT NULL);
INSERT INTO audit_note (id, note) VALUES (1, 'migrated by Flyway through Spring Boot');
