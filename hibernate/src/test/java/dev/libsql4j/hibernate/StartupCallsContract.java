package dev.libsql4j.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.libsql4j.hibernate.model.Author;
import dev.libsql4j.jdbc.LibSqlDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What HikariCP (no connection-test query) and Hibernate (metadata reads, schema creation and
 * validation) call on the driver's {@code Connection} and {@code DatabaseMetaData} at start-up:
 * every call is recorded, and none may fail.
 */
abstract class StartupCallsContract {

    /** The jdbc:libsql: URL of a fresh, empty database. */
    abstract String url();

    final Set<String> calls = new ConcurrentSkipListSet<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    @Test
    void hikariAndHibernateStartWithoutADriverError() throws Exception {
        LibSqlDataSource driver = new LibSqlDataSource();
        driver.setUrl(url());
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSource(recording(driver));
        cfg.setMaximumPoolSize(2);
        cfg.setMinimumIdle(1);
        cfg.setAutoCommit(false);
        cfg.setPoolName("startup-calls");
        try (HikariDataSource pool = new HikariDataSource(cfg)) {
            for (String ddl : new String[] {"create", "validate", "update"}) {
                var hibernate = HibernateContract.configuration(url()).setProperty("hibernate.hbm2ddl.auto", ddl);
                hibernate.getProperties().remove("hibernate.connection.provider_class");
                hibernate.getProperties().remove("hibernate.connection.url");
                hibernate.getProperties().put("hibernate.connection.datasource", pool);
                try (SessionFactory sf = hibernate.buildSessionFactory()) {
                    sf.inTransaction(s -> s.persist(new Author("started with " + ddl)));
                    long authors = sf.fromSession(s -> s.createSelectionQuery("select count(*) from Author", Long.class)
                            .getSingleResult());
                    assertThat(authors).isEqualTo(ddl.equals("create") ? 1L : ddl.equals("validate") ? 2L : 3L);
                }
            }
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).as("no connection evicted")
                    .isPositive();
        }
        LoggerFactory.getLogger(getClass()).info("Driver calls during start-up: {}", calls);
        assertThat(calls).as("the start-up calls were recorded")
                .contains("Connection.isValid", "Connection.getNetworkTimeout", "DatabaseMetaData.getDatabaseProductName");
        assertThat(failures).as("driver calls that failed during start-up (calls: %s)", calls).isEmpty();
    }

    /** Wraps the driver's connections and their metadata in proxies that record every call. */
    private DataSource recording(LibSqlDataSource target) {
        InvocationHandler ds = (proxy, method, args) -> {
            Object result = invoke(target, "DataSource", method, args);
            return result instanceof Connection c ? proxy(Connection.class, c) : result;
        };
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, ds);
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, T target) {
        InvocationHandler h = (proxy, method, args) -> {
            Object result = invoke(target, type.getSimpleName(), method, args);
            if (result instanceof DatabaseMetaData md) {
                return proxy(DatabaseMetaData.class, md);
            }
            return result;
        };
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, h);
    }

    private Object invoke(Object target, String type, java.lang.reflect.Method method, Object[] args)
            throws Throwable {
        String name = type + "." + method.getName();
        calls.add(name);
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                failures.add(name + ": " + sql.getSQLState() + " " + sql.getMessage());
            }
            throw cause;
        }
    }

}
