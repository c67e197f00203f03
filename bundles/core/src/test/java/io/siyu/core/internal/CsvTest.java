package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    private static List<List<String>> read(String s) throws IOException {
        return Csv.read(new BufferedReader(new StringReader(s)));
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() throws IOException {
        assertEquals(List.of(List.of("a", "b,c", "say \"hi\""), List.of("x", "two\nlines", "")),
                read("a,\"b,c\",\"say \"\"hi\"\"\"\r\nx,\"two\nlines\",\n"));
    }

    @Test
    void blankLinesAreSkippedAndLastLineNeedsNoNewline() throws IOException {
        assertEquals(List.of(List.of("h1", "h2"), List.of("1", "2")), read("h1,h2\n\n1,2"));
    }

    @Test
    void unterminatedQuoteIsAnError() {
        assertThrows(IOException.class, () -> read("a,\"open\n"));
    }
}
