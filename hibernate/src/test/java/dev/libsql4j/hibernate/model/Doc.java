package dev.libsql4j.hibernate.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Array;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A document with an embedding: an F32_BLOB(3) column. */
@Entity
@Table(name = "doc")
public class Doc {
    @Id
    private long id;

    @Column(nullable = false)
    private String title;

    @JdbcTypeCode(SqlTypes.VECTOR)
    @Array(length = 3)
    private float[] embedding;

    @JdbcTypeCode(SqlTypes.VECTOR_FLOAT64)
    @Array(length = 2)
    private double[] precise;

    protected Doc() {
    }

    public Doc(long id, String title, float[] embedding) {
        this.id = id;
        this.title = title;
        this.embedding = embedding;
    }

    public long getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public float[] getEmbedding() {
        return embedding;
    }

    public void setEmbedding(float[] embedding) {
        this.embedding = embedding;
    }

    public double[] getPrecise() {
        return precise;
    }

    public void setPrecise(double[] precise) {
        this.precise = precise;
    }
}
