package io.siyu.store.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows written with PostgreSQL's {@code COPY … FROM STDIN} (text format) through PgJDBC's
 * CopyManager: the bulk paths (event batches, customer import) send thousands of rows as one
 * stream the server parses cheaply, instead of bound INSERT statements. The rows are the same the
 * batched INSERTs write: timestamps as UTC wall-clock time (like {@link InstantConverter}), NULL
 * where a parameter would be null.
 *
 * <p>Only this class names PgJDBC types, and it is loaded only after {@link CopySupport} found a
 * PostgreSQL connection, so the bundle runs on Derby without the PostgreSQL driver (the driver's
 * packages are imported dynamically, see bnd.bnd).
 */
final class PgCopy implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    /** Rows this JVM sent by COPY: tests check the PostgreSQL path really uses it. */
    private static final AtomicLong ROWS = new AtomicLong();

    private final CopyIn copy;
    /** The stream's bytes (UTF-8, PgJDBC's client encoding) not sent yet. */
    private final byte[] out = new byte[BUFFER];
    private int length;
    private boolean first = true;

    private PgCopy(CopyIn copy) {
        this.copy = copy;
    }

    /** Whether the connection is PgJDBC's (also behind a pool's wrapper); see {@link CopySupport}. */
    static boolean isPg(Connection c) throws SQLException {
        return c.isWrapperFor(PGConnection.class);
    }

    /** Starts {@code COPY table (columns) FROM STDIN}; write rows, then {@link #finish}. */
    static PgCopy into(Connection c, String table, String columns) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        return new PgCopy(pg.getCopyAPI().copyIn("COPY " + table + " (" + columns + ") FROM STDIN"));
    }

    static long rowsCopied() {
        return ROWS.get();
    }

    PgCopy text(String value) throws SQLException {
        if (value == null) {
            return nul();
        }
        separator();
        for (int i = 0, n = value.length(); i < n; i++) {
            char ch = value.charAt(i);
            if (length + 4 > BUFFER) {
                flush();
            }
            if (ch < 0x80) {
                switch (ch) {
                    case '\\' -> escape('\\');
                    case '\n' -> escape('n');
                    case '\r' -> escape('r');
                    case '\t' -> escape('t');
                    default -> out[length++] = (byte) ch;
                }
            } else if (ch < 0x800) {
                out[length++] = (byte) (0xC0 | ch >> 6);
                out[length++] = (byte) (0x80 | ch & 0x3F);
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, value.charAt(++i));
                out[length++] = (byte) (0xF0 | cp >> 18);
                out[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[length++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(ch)) {
                out[length++] = '?'; // an unpaired surrogate, as String.getBytes(UTF_8) writes it
            } else {
                out[length++] = (byte) (0xE0 | ch >> 12);
                out[length++] = (byte) (0x80 | ch >> 6 & 0x3F);
                out[length++] = (byte) (0x80 | ch & 0x3F);
            }
        }
        return this;
    }

    private void escape(char ch) {
        out[length++] = '\\';
        out[length++] = (byte) ch;
    }

    /** ASCII-only text (numbers, dates), no escaping needed. */
    private void ascii(CharSequence text) throws SQLException {
        if (length + text.length() > BUFFER) {
            flush();
        }
        for (int i = 0, n = text.length(); i < n; i++) {
            out[length++] = (byte) text.charAt(i);
        }
    }

    PgCopy number(long value) throws SQLException {
        separator();
        ascii(Long.toString(value));
        return this;
    }

    /** A BIGINT[] column: {@code {1,2,3}} needs no escaping in COPY's text format. */
    PgCopy numbers(java.util.Collection<Long> values) throws SQLException {
        separator();
        StringBuilder text = new StringBuilder(2 + 8 * values.size()).append('{');
        for (long v : values) {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(v);
        }
        ascii(text.append('}'));
        return this;
    }

    PgCopy decimal(BigDecimal value) throws SQLException {
        if (value == null) {
            return nul();
        }
        separator();
        ascii(value.toPlainString());
        return this;
    }

    /** A TIMESTAMP column holding the instant's UTC wall-clock time, as {@link InstantConverter} stores it. */
    PgCopy timestamp(Instant value) throws SQLException {
        if (value == null) {
            return nul();
        }
        separator();
        StringBuilder text = new StringBuilder(32);
        // ofEpochSecond, not ofInstant: ZoneOffset.getRules() builds a new ZoneRules on every call
        timestamp(text, LocalDateTime.ofEpochSecond(value.getEpochSecond(), value.getNano(), ZoneOffset.UTC));
        ascii(text);
        return this;
    }

    /** ISO date and time with microseconds (PostgreSQL's precision); years before 1 as "… BC". */
    static void timestamp(StringBuilder out, LocalDateTime t) {
        int year = t.getYear();
        boolean bc = year <= 0;
        pad(out, bc ? 1 - year : year, 4);
        out.append('-');
        pad(out, t.getMonthValue(), 2);
        out.append('-');
        pad(out, t.getDayOfMonth(), 2);
        out.append(' ');
        pad(out, t.getHour(), 2);
        out.append(':');
        pad(out, t.getMinute(), 2);
        out.append(':');
        pad(out, t.getSecond(), 2);
        out.append('.');
        pad(out, t.getNano() / 1000, 6);
        if (bc) {
            out.append(" BC");
        }
    }

    /** {@code value} (not negative) in at least {@code width} digits, without a String per field. */
    private static void pad(StringBuilder out, int value, int width) {
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            out.append('0');
        }
        out.append(value);
    }

    PgCopy nul() throws SQLException {
        separator();
        ascii("\\N");
        return this;
    }

    private void separator() throws SQLException {
        if (first) {
            first = false;
        } else {
            if (length + 1 > BUFFER) {
                flush();
            }
            out[length++] = '\t';
        }
    }

    void endRow() throws SQLException {
        if (length + 1 > BUFFER) {
            flush();
        }
        out[length++] = '\n';
        first = true;
    }

    private void flush() throws SQLException {
        if (length > 0) {
            copy.writeToCopy(out, 0, length);
            length = 0;
        }
    }

    /** Sends what is left and ends the COPY; returns the rows the server stored. */
    long finish() throws SQLException {
        flush();
        long stored = copy.endCopy();
        ROWS.addAndGet(stored);
        return stored;
    }

    /** Abandons an unfinished COPY (after a failure), so the connection can roll back. */
    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
