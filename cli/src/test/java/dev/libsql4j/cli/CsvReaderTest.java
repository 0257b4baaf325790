package dev.libsql4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<List<String>> read(String s) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (CsvReader r = new CsvReader(new StringReader(s))) {
            List<String> rec;
            while ((rec = r.next()) != null) {
                out.add(rec);
            }
        }
        return out;
    }

    @Test
    void parsesQuotedFieldsWithCommasQuotesAndNewlines() throws IOException {
        assertThat(read("a,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\n2,\"multi\nline\",\n\n3,,z"))
                .containsExactly(List.of("a", "b", "c"), List.of("1", "x,y", "say \"hi\""),
                        List.of("2", "multi\nline", ""), List.of("3", "", "z"));
    }

    @Test
    void unterminatedQuoteFails() {
        assertThatThrownBy(() -> read("a\n\"open")).hasMessageContaining("unterminated").hasMessageContaining("line 2");
    }
}
