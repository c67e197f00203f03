package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    private static List<List<String>> all(String s) throws IOException {
        CsvReader r = new CsvReader(new StringReader(s));
        List<List<String>> out = new ArrayList<>();
        for (List<String> rec = r.next(); rec != null; rec = r.next()) {
            out.add(rec);
        }
        return out;
    }

    @Test
    void byteOrderMarkIsDroppedAndCrlfEndsRecords() throws IOException {
        assertEquals(List.of(List.of("displayName", "identity:phone"), List.of("王芳", "13800138001")),
                all("\uFEFFdisplayName,identity:phone\r\n王芳,13800138001\r\n"));
    }

    @Test
    void rowNumbersCountLinesLikeAnEditorIncludingBlankOnesAndLineBreaksInFields() throws IOException {
        CsvReader r = new CsvReader(new StringReader("h\n\"two\nlines\"\n\nlast"));
        r.next();
        assertEquals(1, r.record());
        assertEquals(List.of("two\nlines"), r.next());
        assertEquals(2, r.record());
        assertEquals(List.of("last"), r.next());
        assertEquals(5, r.record());
        assertNull(r.next());
    }

    @Test
    void unbalancedQuotesNameTheRowAndColumnWhereTheFieldOpened() {
        CsvReader.FormatException e = assertThrows(CsvReader.FormatException.class, () -> all("a,b\n1,\"open\n2,3\n"));
        assertEquals(2, e.record());
        assertEquals(2, e.column());
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsRefused() {
        CsvReader.FormatException e = assertThrows(CsvReader.FormatException.class, () -> all("a,b\n1,x\"y\n"));
        assertEquals(2, e.record());
        assertEquals(2, e.column());
    }

    @Test
    void textAfterAClosingQuoteIsRefused() {
        CsvReader.FormatException e = assertThrows(CsvReader.FormatException.class, () -> all("a,b,c\n1,2,\"x\"y\n"));
        assertEquals(3, e.column());
    }

    @Test
    void fieldsCrossingTheReadBufferAreReadWhole() throws IOException {
        // 64 Ki chars per read: 30,000 records of varied length put many fields across the boundary
        StringBuilder text = new StringBuilder("a,b,c\n");
        List<List<String>> expected = new ArrayList<>();
        expected.add(List.of("a", "b", "c"));
        for (int i = 0; i < 30_000; i++) {
            String plain = "客户" + "x".repeat(i % 17) + i;
            String quoted = "q,\"" + i + "\"\n" + "y".repeat(i % 5);
            text.append(plain).append(",\"").append(quoted.replace("\"", "\"\"")).append("\",").append(i % 3 == 0 ? "" : "z" + i)
                    .append(i % 2 == 0 ? "\r\n" : "\n");
            expected.add(List.of(plain, quoted, i % 3 == 0 ? "" : "z" + i));
        }
        assertEquals(expected, all(text.toString()));
    }
}
