package dev.libsql4j.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.hibernate.model.Author;
import dev.libsql4j.hibernate.model.Book;
import dev.libsql4j.hibernate.model.Doc;
import dev.libsql4j.hibernate.model.Reading;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.StaleObjectStateException;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small entity model through Hibernate, HikariCP (no connection-test query) and libsql4j's driver,
 * with the dialect resolved from the connection (no {@code hibernate.dialect}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HibernateContract {
    private static final Logger LOG = LoggerFactory.getLogger(HibernateContract.class);
    static final int BATCH_ROWS = 10_000;

    SessionFactory sf;

    /** The jdbc:libsql: URL of a fresh, empty database. */
    abstract String url();

    /** Hibernate settings for {@code url}: HikariCP, batching, no dialect. */
    static Configuration configuration(String url) {
        Configuration cfg = new Configuration()
                .addAnnotatedClass(Author.class)
                .addAnnotatedClass(Book.class)
                .addAnnotatedClass(Doc.class)
                .addAnnotatedClass(Reading.class);
        Map.of(
                "hibernate.connection.url", url,
                "hibernate.connection.provider_class", "org.hibernate.hikaricp.internal.HikariCPConnectionProvider",
                "hibernate.hikari.maximumPoolSize", "4",
                "hibernate.hikari.minimumIdle", "1",
                "hibernate.jdbc.batch_size", "500",
                "hibernate.order_inserts", "true",
                "hibernate.order_updates", "true")
                .forEach(cfg::setProperty);
        return cfg;
    }

    @BeforeAll
    void buildSessionFactory() {
        sf = configuration(url()).setProperty("hibernate.hbm2ddl.auto", "create").buildSessionFactory();
    }

    @AfterAll
    void closeSessionFactory() {
        if (sf != null) {
            sf.close();
        }
    }

    @BeforeEach
    void emptyTables() {
        sf.inTransaction(s -> {
            for (String entity : List.of("Book", "Author", "Doc", "Reading")) {
                s.createMutationQuery("delete from " + entity).executeUpdate();
            }
        });
    }

    @Test
    void dialectIsResolvedFromTheConnection() {
        var dialect = sf.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect();
        assertThat(dialect).isInstanceOf(LibSqlDialect.class);
        assertThat(dialect.getVersion().getMajor()).as("the SQLite version libSQL reports").isEqualTo(3);
        assertThat(dialect.getVersion().getMinor()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void relationsRoundTrip() {
        Long authorId = sf.fromTransaction(s -> {
            Author a = new Author("Ursula K. Le Guin");
            a.addBook("A Wizard of Earthsea", 1968).setPrice(new BigDecimal("9.99"));
            a.addBook("The Left Hand of Darkness", 1969);
            a.addBook("The Dispossessed", 1974).setAvailable(false);
            s.persist(a);
            return a.getId();
        });
        assertThat(authorId).isNotNull();

        Author loaded = sf.fromSession(s -> s.createSelectionQuery(
                "from Author a join fetch a.books where a.id = :id", Author.class)
                .setParameter("id", authorId).getSingleResult());
        assertThat(loaded.getBooks()).extracting(Book::getTitle)
                .containsExactly("A Wizard of Earthsea", "The Left Hand of Darkness", "The Dispossessed");
        Book first = loaded.getBooks().get(0);
        assertThat(first.getPrice()).isEqualByComparingTo("9.99");
        assertThat(first.getAdded()).isEqualTo(LocalDate.of(1968, 1, 1));
        assertThat(loaded.getBooks()).extracting(Book::isAvailable).containsExactly(true, true, false);

        List<Object[]> perDecade = sf.fromSession(s -> s.createSelectionQuery(
                "select b.author.name, count(b) from Book b where b.published < :year group by b.author.name",
                Object[].class).setParameter("year", 1970).getResultList());
        assertThat(perDecade).hasSize(1);
        assertThat(perDecade.get(0)).containsExactly("Ursula K. Le Guin", 2L);

        // orphan removal and cascade delete
        sf.inTransaction(s -> s.find(Author.class, authorId).getBooks().remove(0));
        assertThat(count("Book")).isEqualTo(2);
        sf.inTransaction(s -> s.remove(s.find(Author.class, authorId)));
        assertThat(count("Book")).isZero();
        assertThat(count("Author")).isZero();
    }

    @Test
    void pagingReturnsTheRequestedSlice() {
        sf.inTransaction(s -> {
            Author a = new Author("Pager");
            for (int i = 0; i < 25; i++) {
                a.addBook(String.format("Volume %02d", i), 1900 + i);
            }
            s.persist(a);
        });
        List<String> page = sf.fromSession(s -> s.createSelectionQuery(
                "select b.title from Book b order by b.published", String.class)
                .setFirstResult(10).setMaxResults(5).getResultList());
        assertThat(page).containsExactly("Volume 10", "Volume 11", "Volume 12", "Volume 13", "Volume 14");

        List<String> last = sf.fromSession(s -> s.createSelectionQuery(
                "select b.title from Book b order by b.published desc", String.class)
                .setFirstResult(20).setMaxResults(10).getResultList());
        assertThat(last).containsExactly("Volume 04", "Volume 03", "Volume 02", "Volume 01", "Volume 00");
    }

    @Test
    void versionDetectsAConcurrentUpdate() {
        Long id = sf.fromTransaction(s -> {
            Author a = new Author("Versioned");
            s.persist(a);
            return a.getId();
        });
        Author stale = sf.fromSession(s -> s.find(Author.class, id));
        assertThat(stale.getVersion()).isZero();

        sf.inTransaction(s -> s.find(Author.class, id).setName("Versioned, first writer"));

        assertThatThrownBy(() -> sf.inTransaction(s -> {
            stale.setName("Versioned, second writer");
            s.merge(stale);
        })).isInstanceOfAny(OptimisticLockException.class, StaleObjectStateException.class);

        Author now = sf.fromSession(s -> s.find(Author.class, id));
        assertThat(now.getName()).isEqualTo("Versioned, first writer");
        assertThat(now.getVersion()).isEqualTo(1);
    }

    @Test
    void batchInsertOfTenThousandEntities() {
        long start = System.nanoTime();
        sf.inTransaction(s -> {
            for (int i = 0; i < BATCH_ROWS; i++) {
                s.persist(new Reading("sensor-" + (i % 10), i, i * 0.5));
                if (i % 500 == 499) {
                    s.flush();
                    s.clear();
                }
            }
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("{}: {} entities persisted in {} ms", getClass().getSimpleName(), BATCH_ROWS, millis);

        assertThat(count("Reading")).isEqualTo(BATCH_ROWS);
        Object[] stats = sf.fromSession(s -> s.createSelectionQuery(
                "select count(distinct r.id), sum(r.seq), max(r.value) from Reading r where r.sensor = 'sensor-3'",
                Object[].class).getSingleResult());
        assertThat(stats[0]).isEqualTo(1_000L);
        long expectedSum = 0;
        for (int i = 3; i < BATCH_ROWS; i += 10) {
            expectedSum += i;
        }
        assertThat(((Number) stats[1]).longValue()).isEqualTo(expectedSum);
        assertThat(stats[2]).isEqualTo(9_993 * 0.5);
    }

    @Test
    void vectorNearestNeighbours() {
        sf.inTransaction(s -> {
            s.persist(new Doc(1, "x axis", new float[] {1f, 0f, 0f}));
            s.persist(new Doc(2, "y axis", new float[] {0f, 1f, 0f}));
            s.persist(new Doc(3, "mostly x", new float[] {0.9f, 0.1f, 0f}));
            s.persist(new Doc(4, "z axis", new float[] {0f, 0f, 1f}));
            Doc precise = new Doc(5, "no embedding", null);
            precise.setPrecise(new double[] {Math.PI, -1e-300});
            s.persist(precise);
        });

        Doc read = sf.fromSession(s -> s.find(Doc.class, 3L));
        assertThat(read.getEmbedding()).containsExactly(0.9f, 0.1f, 0f);
        Doc withDoubles = sf.fromSession(s -> s.find(Doc.class, 5L));
        assertThat(withDoubles.getEmbedding()).isNull();
        assertThat(withDoubles.getPrecise()).containsExactly(Math.PI, -1e-300);

        // HQL, a float[] parameter typed by the column it is compared with
        List<String> nearest = sf.fromSession(s -> s.createSelectionQuery(
                "select d.title from Doc d where d.embedding is not null"
                        + " order by vector_distance_cos(d.embedding, :q)", String.class)
                .setParameter("q", new float[] {0.9f, 0.12f, 0f})
                .setMaxResults(2).getResultList());
        assertThat(nearest).containsExactly("mostly x", "x axis");

        // HQL, the query vector from JSON text through vector32(), the distance selected
        List<Object[]> withDistance = sf.fromSession(s -> s.createSelectionQuery(
                "select d.id, vector_distance_cos(d.embedding, vector32('[0,0,2]')), vector_extract(d.embedding)"
                        + " from Doc d where d.embedding is not null"
                        + " order by vector_distance_cos(d.embedding, vector32('[0,0,2]'))", Object[].class)
                .setMaxResults(1).getResultList());
        assertThat(withDistance).hasSize(1);
        assertThat(withDistance.get(0)[0]).isEqualTo(4L);
        assertThat((Double) withDistance.get(0)[1]).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(withDistance.get(0)[2]).isEqualTo("[0,0,1]");

        // Criteria
        List<Long> byCriteria = sf.fromSession(s -> {
            CriteriaBuilder cb = s.getCriteriaBuilder();
            CriteriaQuery<Long> q = cb.createQuery(Long.class);
            Root<Doc> d = q.from(Doc.class);
            q.select(d.get("id")).where(cb.isNotNull(d.get("embedding"))).orderBy(cb.asc(cb.function(
                    "vector_distance_cos", Double.class, d.get("embedding"),
                    cb.function("vector32", float[].class, cb.literal("[0,1,0.1]")))));
            return s.createQuery(q).setMaxResults(1).getResultList();
        });
        assertThat(byCriteria).containsExactly(2L);

        // The column is a real libSQL vector column: the DiskANN index and vector_top_k work on it.
        List<String> topK = sf.fromTransaction(s -> {
            s.createNativeMutationQuery("CREATE INDEX doc_embedding_idx ON doc(libsql_vector_idx(embedding))")
                    .executeUpdate();
            return s.createNativeQuery("SELECT d.title FROM vector_top_k('doc_embedding_idx', vector32('[0,1,0]'), 1) v"
                    + " JOIN doc d ON d.rowid = v.id", String.class).getResultList();
        });
        assertThat(topK).containsExactly("y axis");
        sf.inTransaction(s -> s.createNativeMutationQuery("DROP INDEX doc_embedding_idx").executeUpdate());
    }

    long count(String entity) {
        return sf.fromSession(s -> s.createSelectionQuery("select count(*) from " + entity, Long.class)
                .getSingleResult());
    }

}
