package dev.libsql4j.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.hibernate.model.Author;
import dev.libsql4j.hibernate.model.Doc;
import dev.libsql4j.hibernate.model.NotMigrated;
import java.math.BigDecimal;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.Test;

/** {@code hibernate.hbm2ddl.auto=validate} on a schema Flyway created from SQLite-style migrations. */
abstract class FlywayValidateContract {

    /** The jdbc:libsql: URL of a fresh, empty database. */
    abstract String url();

    @Test
    void validateAcceptsTheFlywaySchemaAndTheEntitiesWorkOnIt() {
        Flyway flyway = Flyway.configure().dataSource(url(), null, null).locations("classpath:db/hibernate").load();
        assertThat(flyway.migrate().migrationsExecuted).isEqualTo(2);

        try (SessionFactory sf = HibernateContract.configuration(url())
                .setProperty("hibernate.hbm2ddl.auto", "validate").buildSessionFactory()) {
            Long authorId = sf.fromTransaction(s -> {
                Author a = new Author("Validated");
                a.addBook("On Flyway", 2024).setPrice(new BigDecimal("12.50"));
                s.persist(a);
                s.persist(new Doc(1, "x", new float[] {1f, 0f, 0f}));
                s.persist(new Doc(2, "y", new float[] {0f, 1f, 0f}));
                return a.getId();
            });
            Author read = sf.fromSession(s -> s.createSelectionQuery(
                    "from Author a join fetch a.books where a.id = :id", Author.class)
                    .setParameter("id", authorId).getSingleResult());
            assertThat(read.getBooks()).singleElement().satisfies(b -> {
                assertThat(b.getTitle()).isEqualTo("On Flyway");
                assertThat(b.getPrice()).isEqualByComparingTo("12.50");
            });
            // the migration's vector index answers for rows Hibernate wrote
            List<String> top = sf.fromSession(s -> s.createNativeQuery(
                    "SELECT d.title FROM vector_top_k('doc_embedding_idx', vector32('[0.1,0.9,0]'), 1) v"
                            + " JOIN doc d ON d.rowid = v.id", String.class).getResultList());
            assertThat(top).containsExactly("y");
        }

        assertThatThrownBy(() -> HibernateContract.configuration(url()).addAnnotatedClass(NotMigrated.class)
                .setProperty("hibernate.hbm2ddl.auto", "validate").buildSessionFactory().close())
                .isInstanceOf(SchemaManagementException.class)
                .hasMessageContaining("not_migrated");
    }
}
