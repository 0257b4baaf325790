package dev.libsql4j.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** A Hrana batch condition. */
sealed interface Cond {
    /** True if step {@code step} succeeded. */
    record Ok(int step) implements Cond {
    }

    /** Negation. */
    record Not(Cond cond) implements Cond {
    }

    /** All of. */
    record And(List<Cond> conds) implements Cond {
    }

    /** True if the connection is in autocommit mode (Hrana 3 only). */
    record IsAutocommit() implements Cond {
    }

    static Cond ok(int step) {
        return new Ok(step);
    }

    static Cond not(Cond c) {
        return new Not(c);
    }

    /** {@code ok(step)}, and on Hrana 3 also {@code not(is_autocommit)}: the transaction is still open. */
    static Cond okInTx(int step, boolean v3) {
        return v3 ? new And(List.of(new Ok(step), new Not(new IsAutocommit()))) : new Ok(step);
    }

    static void write(JsonGenerator g, Cond c) throws IOException {
        g.writeStartObject();
        if (c instanceof Ok ok) {
            g.writeStringField("type", "ok");
            g.writeNumberField("step", ok.step());
        } else if (c instanceof Not n) {
            g.writeStringField("type", "not");
            g.writeFieldName("cond");
            write(g, n.cond());
        } else if (c instanceof And a) {
            g.writeStringField("type", "and");
            g.writeArrayFieldStart("conds");
            for (Cond x : a.conds()) {
                write(g, x);
            }
            g.writeEndArray();
        } else {
            g.writeStringField("type", "is_autocommit");
        }
        g.writeEndObject();
    }
}
