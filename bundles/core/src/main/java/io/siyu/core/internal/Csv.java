package io.siyu.core.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** Whole small CSV files (demo data) as records; large ones are streamed with {@link CsvReader}. */
final class Csv {
    private Csv() {
    }

    /** All non-blank records of the input; a header line is a record like any other. */
    static List<List<String>> read(Reader in) throws IOException {
        CsvReader reader = new CsvReader(in);
        List<List<String>> records = new ArrayList<>();
        for (List<String> r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }
}
