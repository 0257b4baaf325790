package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.primaryKey;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** jOOQ 3.19 with the SQLite dialect runs typed queries through the driver. */
abstract class JooqContract extends JdbcContract {
    /** A row of the orders table, for fetchInto. */
    record Order(Integer id, String customer, BigDecimal amount, LocalDate due, Boolean paid) {
    }

    @Test
    void typedQueries() throws SQLException {
        String tableName = table("orders");
        Table<Record> orders = DSL.table(name(tableName));
        Field<Integer> id = field(name("id"), SQLDataType.INTEGER.identity(true));
        Field<String> customer = field(name("customer"), SQLDataType.VARCHAR(50).nullable(false));
        Field<BigDecimal> amount = field(name("amount"), SQLDataType.DECIMAL(12, 2));
        Field<LocalDate> due = field(name("due"), SQLDataType.LOCALDATE);
        Field<Boolean> paid = field(name("paid"), SQLDataType.BOOLEAN.nullable(false).defaultValue(false));
        Field<LocalDateTime> created = field(name("created"), SQLDataType.LOCALDATETIME);

        try (Connection c = open()) {
            DSLContext ctx = DSL.using(c, SQLDialect.SQLITE);
            ctx.createTable(orders)
                    .column(id).column(customer).column(amount).column(due).column(paid).column(created)
                    .constraints(primaryKey(id))
                    .execute();
            ctx.createUniqueIndex(name(tableName + "_customer_due")).on(orders, customer, due).execute();

            LocalDateTime now = LocalDateTime.of(2024, 5, 1, 9, 30, 15, 123_000_000);
            int inserted = ctx.insertInto(orders, customer, amount, due, paid, created)
                    .values("ann", new BigDecimal("19.99"), LocalDate.of(2024, 6, 1), false, now)
                    .values("bob", new BigDecimal("5.00"), LocalDate.of(2024, 6, 15), true, now)
                    .values("cid", new BigDecimal("120.50"), null, false, null)
                    .execute();
            assertThat(inserted).isEqualTo(3);

            Record generated = ctx.insertInto(orders, customer, amount).values("dee", new BigDecimal("1.25"))
                    .returning(id).fetchOne();
            assertThat(generated).isNotNull();
            assertThat(generated.get(id)).isEqualTo(4);

            Result<Record3<Integer, String, BigDecimal>> big = ctx.select(id, customer, amount)
                    .from(orders)
                    .where(amount.gt(new BigDecimal("10")).and(paid.isFalse()))
                    .orderBy(amount.desc())
                    .fetch();
            assertThat(big).hasSize(2);
            assertThat(big.getValues(customer)).containsExactly("cid", "ann");
            assertThat(big.get(1).get(amount)).isEqualByComparingTo("19.99");

            assertThat(ctx.update(orders).set(paid, true).set(amount, amount.plus(1))
                    .where(customer.eq("ann")).execute()).isEqualTo(1);
            assertThat(ctx.fetchCount(orders, paid.isTrue())).isEqualTo(2);
            assertThat(ctx.select(DSL.count()).from(orders).where(due.isNull()).fetchOne(0, Integer.class)).isEqualTo(2);

            List<Order> rows = ctx.select(id, customer, amount, due, paid).from(orders).orderBy(id).fetchInto(Order.class);
            assertThat(rows).hasSize(4);
            assertThat(rows.get(0)).isEqualTo(new Order(1, "ann", new BigDecimal("20.99"), LocalDate.of(2024, 6, 1), true));
            assertThat(rows.get(2).due()).isNull();

            Record bob = ctx.select(created, due).from(orders).where(customer.eq("bob")).fetchOne();
            assertThat(bob).isNotNull();
            assertThat(bob.get(created)).isEqualTo(now);
            assertThat(bob.get(due)).isEqualTo(LocalDate.of(2024, 6, 15));
            Record whole = ctx.selectFrom(orders).where(customer.eq("bob")).fetchOne();
            assertThat(whole).isNotNull();
            assertThat(whole.get("created", LocalDateTime.class)).isEqualTo(now);
            assertThat(whole.get("paid", Boolean.class)).isTrue();

            assertThat(ctx.deleteFrom(orders).where(id.in(3, 4)).execute()).isEqualTo(2);
            assertThat(ctx.fetchCount(orders)).isEqualTo(2);

            assertThatThrownBy(() -> ctx.insertInto(orders, customer, due).values("ann", LocalDate.of(2024, 6, 1)).execute())
                    .isInstanceOf(IntegrityConstraintViolationException.class);
        }
    }

    @Test
    void transactionsAndBatches() throws SQLException {
        String tableName = table("events");
        Table<Record> events = DSL.table(name(tableName));
        Field<Integer> id = field(name("id"), SQLDataType.INTEGER.identity(true));
        Field<String> kind = field(name("kind"), SQLDataType.VARCHAR(20).nullable(false));

        try (Connection c = open()) {
            DSLContext ctx = DSL.using(c, SQLDialect.SQLITE);
            ctx.createTable(events).column(id).column(kind).constraints(primaryKey(id)).execute();

            ctx.transaction(cfg -> {
                DSLContext tx = DSL.using(cfg);
                tx.insertInto(events, kind).values("committed").execute();
                try {
                    tx.transaction(nested -> {
                        DSL.using(nested).insertInto(events, kind).values("nested, rolled back").execute();
                        throw new IllegalStateException("undo the nested transaction");
                    });
                } catch (IllegalStateException expected) {
                    // the savepoint was rolled back, the outer transaction goes on
                }
            });
            assertThatThrownBy(() -> ctx.transaction(cfg -> {
                DSL.using(cfg).insertInto(events, kind).values("rolled back").execute();
                throw new IllegalStateException("undo");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(ctx.select(kind).from(events).fetch(kind)).containsExactly("committed");
            assertThat(c.getAutoCommit()).isTrue();

            int[] counts = ctx.batch(
                    ctx.insertInto(events, kind).values("b1"),
                    ctx.insertInto(events, kind).values("b2"),
                    ctx.update(events).set(kind, "b3").where(kind.eq("b2"))).execute();
            assertThat(counts).containsExactly(1, 1, 1);
            assertThat(ctx.fetchCount(events)).isEqualTo(3);

            assertThatThrownBy(() -> ctx.fetch("SELECT * FROM no_such_table_" + System.nanoTime()))
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("no such table");
        }
    }

    @Test
    void plainSqlAndMeta() throws SQLException {
        String tableName = table("meta_t");
        try (Connection c = open()) {
            DSLContext ctx = DSL.using(c, SQLDialect.SQLITE);
            ctx.execute("CREATE TABLE " + tableName + "(id INTEGER PRIMARY KEY, label TEXT NOT NULL)");
            ctx.execute("INSERT INTO " + tableName + "(label) VALUES (?), (?)", "x", "y");
            Result<Record> r = ctx.fetch("SELECT id, label, count(*) OVER () AS total FROM " + tableName + " ORDER BY id");
            assertThat(r).hasSize(2);
            assertThat(r.get(1).get("label", String.class)).isEqualTo("y");
            assertThat(r.get(0).get("total", Long.class)).isEqualTo(2L);

            List<Table<?>> tables = ctx.meta().getTables(tableName);
            assertThat(tables).singleElement().satisfies(t -> {
                assertThat(t.fields()).extracting(Field::getName).containsExactly("id", "label");
                assertThat(t.getPrimaryKey()).isNotNull();
                assertThat(t.getPrimaryKey().getFields()).extracting(Field::getName).containsExactly("id");
            });
        }
    }
}
