package io.siyu.core.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; LF or CRLF;
 * a leading UTF-8 byte order mark is dropped. Strict about quotes, because a stray one would
 * silently swallow the rest of a file: a quote may only open a field and, once closed, must be
 * followed by a comma or the end of the line.
 */
public final class CsvReader implements AutoCloseable {
    /** Malformed CSV, with the record (1 = first line) and column (1 = first field) where it was found. */
    public static final class FormatException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long record;
        private final int column;

        FormatException(long record, int column, String message) {
            super("row " + record + ", column " + column + ": " + message);
            this.record = record;
            this.column = column;
        }

        public long record() {
            return record;
        }

        public int column() {
            return column;
        }

        /** The message without the position. */
        public String problem() {
            String m = getMessage();
            return m.substring(m.indexOf(": ") + 2);
        }
    }

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean started;
    /** Lines begun so far, blank ones included, so row numbers match what an editor shows. */
    private long record;
    /** The line the record returned last began on. */
    private long current;

    public CsvReader(Reader in) {
        this.in = in;
    }

    /** The number of the record {@link #next} returned last (the header is 1). */
    public long record() {
        return current;
    }

    private int read() throws IOException {
        if (pos == limit) {
            limit = in.read(buffer, 0, buffer.length);
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[pos++];
    }

    private int peek() throws IOException {
        int c = read();
        if (c != -1) {
            pos--;
        }
        return c;
    }

    /** The next non-blank record, or null at the end of the input. */
    public List<String> next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                read();
            }
        }
        while (true) {
            int c = peek();
            if (c == -1) {
                return null;
            }
            record++;
            current = record;
            List<String> fields = readRecord();
            if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
                return fields;
            }
        }
    }

    private List<String> readRecord() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        long startRecord = record;
        while (true) {
            // Most fields are unquoted and lie within the buffer: take them as one run of chars.
            String plain = null;
            int start = pos;
            while (pos < limit) {
                char ch = buffer[pos];
                if (ch == ',' || ch == '\n' || ch == '\r' || ch == '"') {
                    break;
                }
                pos++;
            }
            if (pos > start) {
                if (pos < limit && field.length() == 0) {
                    plain = new String(buffer, start, pos - start);
                } else {
                    field.append(buffer, start, pos - start); // the run goes on after the next refill
                }
            }
            int c = read();
            if (c == '"' && plain == null && field.length() == 0) {
                readQuoted(field, startRecord, fields.size() + 1);
                c = read();
                if (c != ',' && c != '\n' && c != '\r' && c != -1) {
                    throw new FormatException(startRecord, fields.size() + 1,
                            "unexpected '" + (char) c + "' after a closing quote (a quote inside a quoted field is written \"\")");
                }
            }
            if (c == ',') {
                fields.add(plain != null ? plain : field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r' || c == -1) {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                fields.add(plain != null ? plain : field.toString());
                return fields;
            } else if (c == '"') {
                throw new FormatException(startRecord, fields.size() + 1,
                        "a quote inside an unquoted field (quote the whole field and write the quote as \"\")");
            } else {
                field.append((char) c);
            }
        }
    }

    private void readQuoted(StringBuilder field, long startRecord, int column) throws IOException {
        while (true) {
            int c = read();
            if (c == -1) {
                throw new FormatException(startRecord, column, "unbalanced quotes: the quoted field is never closed");
            }
            if (c == '"') {
                if (peek() == '"') {
                    read();
                    field.append('"');
                } else {
                    return;
                }
            } else {
                if (c == '\n') {
                    record++; // a line break inside a field still moves the spreadsheet's row count
                } else if (c == '\r' && peek() != '\n') {
                    record++;
                }
                field.append((char) c);
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
