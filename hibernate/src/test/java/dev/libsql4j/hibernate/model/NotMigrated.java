package dev.libsql4j.hibernate.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entity whose table no migration creates: schema validation must reject it. */
@Entity
@Table(name = "not_migrated")
public class NotMigrated {
    @Id
    private long id;

    protected NotMigrated() {
    }
}
