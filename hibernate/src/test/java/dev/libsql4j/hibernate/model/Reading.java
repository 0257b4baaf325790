package dev.libsql4j.hibernate.model;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A sensor reading: the entity the batch insert writes 10k of (UUID ids, so JDBC batching applies). */
@Entity
@Table(name = "reading")
public class Reading {
    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private UUID id;

    private String sensor;

    private int seq;

    private double value;

    protected Reading() {
    }

    public Reading(String sensor, int seq, double value) {
        this.sensor = sensor;
        this.seq = seq;
        this.value = value;
    }

    public UUID getId() {
        return id;
    }

    public String getSensor() {
        return sensor;
    }

    public int getSeq() {
        return seq;
    }

    public double getValue() {
        return value;
    }
}
