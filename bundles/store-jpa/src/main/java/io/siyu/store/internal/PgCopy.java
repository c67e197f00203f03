package io.siyu.store.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
    private static final int FLUSH_CHARS = 1 << 16;
    /** Rows this JVM sent by COPY: tests check the PostgreSQL path really uses it. */
    private static final AtomicLong ROWS = new AtomicLong();

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 4096);
    private boolean first = true;
    private long rows;

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
            switch (ch) {
                case '\\' -> buffer.append("\\\\");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                case '\t' -> buffer.append("\\t");
                default -> buffer.append(ch);
            }
        }
        return this;
    }

    PgCopy number(long value) {
        separator();
        buffer.append(value);
        return this;
    }

    PgCopy decimal(BigDecimal value) {
        if (value == null) {
            return nul();
        }
        separator();
        buffer.append(value.toPlainString());
        return this;
    }

    /** A TIMESTAMP column holding the instant's UTC wall-clock time, as {@link InstantConverter} stores it. */
    PgCopy timestamp(Instant value) {
        if (value == null) {
            return nul();
        }
        separator();
        timestamp(buffer, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
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

    private static void pad(StringBuilder out, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        out.append(s);
    }

    PgCopy nul() {
        separator();
        buffer.append("\\N");
        return this;
    }

    private void separator() {
        if (first) {
            first = false;
        } else {
            buffer.append('\t');
        }
    }

    void endRow() throws SQLException {
        buffer.append('\n');
        first = true;
        rows++;
        if (buffer.length() >= FLUSH_CHARS) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (buffer.length() > 0) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
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
