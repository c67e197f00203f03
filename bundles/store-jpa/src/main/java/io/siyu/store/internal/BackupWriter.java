package io.siyu.store.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.siyu.api.UnavailableException;
import io.siyu.api.backup.BackupProgress;
import io.siyu.api.backup.BackupSummary;
import io.siyu.store.internal.BackupManifest.TableEntry;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;

/**
 * Writes the archive: one JSON-lines file per table (each row a JSON array in the manifest's column
 * order), streamed from the database row by row, then manifest.json with row counts and SHA-256 of
 * each file. All tables are read in one transaction, so the archive is one consistent state
 * (PostgreSQL: a repeatable-read snapshot; Derby: writers wait until the backup is done).
 */
final class BackupWriter {
    static final int PROGRESS_EVERY = 10_000;
    private static final JsonFactory JSON = new JsonFactory()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final DataSource dataSource;
    private final SchemaMigrator.Dialect dialect;

    BackupWriter(DataSource dataSource, SchemaMigrator.Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    BackupSummary export(OutputStream out, int schemaVersion, String siyuVersion, Instant now, BackupProgress progress) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
            c.setTransactionIsolation(dialect == SchemaMigrator.Dialect.POSTGRESQL
                    ? Connection.TRANSACTION_REPEATABLE_READ : Connection.TRANSACTION_SERIALIZABLE);
            try {
                ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush(); // the caller owns the stream
                    }
                });
                List<TableEntry> entries = new ArrayList<>();
                for (BackupTables.Table t : BackupTables.TABLES) {
                    entries.add(writeTable(c, zip, t, progress));
                }
                BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, schemaVersion,
                        siyuVersion, now, dialect.code(), entries);
                zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
                zip.write(manifest.toJson());
                zip.closeEntry();
                zip.finish();
                zip.flush();
                return manifest.summary();
            } finally {
                c.rollback(); // read only
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new UnavailableException("backup failed reading the database: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UnavailableException("backup failed writing the archive: " + e.getMessage(), e);
        }
    }

    private TableEntry writeTable(Connection c, ZipOutputStream zip, BackupTables.Table t, BackupProgress progress)
            throws SQLException, IOException {
        zip.putNextEntry(new ZipEntry(t.file()));
        MessageDigest sha = BackupManifest.sha256();
        long rows = 0;
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery(query(t));
                    JsonGenerator g = JSON.createGenerator(new DigestOutputStream(zip, sha))) {
                g.setRootValueSeparator(new SerializedString("\n"));
                ResultSetMetaData md = rs.getMetaData();
                List<Integer> kept = new ArrayList<>();
                List<Integer> sqlTypes = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String column = md.getColumnName(i).toLowerCase(Locale.ROOT);
                    if (t.name().equals("customer") && column.equals(BackupTables.CUSTOMER_TAGS)) {
                        continue; // the tags travel as customer_tag rows, see query()
                    }
                    kept.add(i);
                    columns.add(column);
                    types.add(md.getColumnTypeName(i).toLowerCase(Locale.ROOT));
                    sqlTypes.add(md.getColumnType(i));
                }
                while (rs.next()) {
                    g.writeStartArray();
                    for (int k = 0; k < kept.size(); k++) {
                        writeValue(g, rs, kept.get(k), sqlTypes.get(k), t.name(), columns.get(k));
                    }
                    g.writeEndArray();
                    if (++rows % PROGRESS_EVERY == 0) {
                        progress.rows(t.name(), rows, false);
                    }
                }
            }
        }
        zip.closeEntry();
        progress.rows(t.name(), rows, true);
        return new TableEntry(t.name(), t.file(), columns, types, rows, HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * Every table as it is, except that the archive keeps tag membership as {@code customer_tag}
     * rows on every store: PostgreSQL's arrays (V26) are unnested, so archives move between stores.
     */
    private String query(BackupTables.Table t) {
        String from = t.name().equals("customer_tag") ? TagSets.of(dialect).links() : "SELECT * FROM " + t.name();
        return from + " ORDER BY " + t.orderBy();
    }

    private static void writeValue(JsonGenerator g, ResultSet rs, int i, int type, String table, String column)
            throws SQLException, IOException {
        switch (type) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
                long v = rs.getLong(i);
                if (rs.wasNull()) {
                    g.writeNull();
                } else {
                    g.writeNumber(v);
                }
            }
            case Types.DECIMAL, Types.NUMERIC -> {
                BigDecimal v = rs.getBigDecimal(i);
                // as text: exact in every JSON reader, whatever the scale
                g.writeString(v == null ? null : v.toPlainString());
            }
            case Types.BOOLEAN, Types.BIT -> {
                boolean v = rs.getBoolean(i);
                if (rs.wasNull()) {
                    g.writeNull();
                } else {
                    g.writeBoolean(v);
                }
            }
            case Types.TIMESTAMP -> {
                // wall-clock text: Siyu stores UTC wall-clock timestamps, so no zone is involved
                Timestamp v = rs.getTimestamp(i);
                g.writeString(v == null ? null : v.toLocalDateTime().toString());
            }
            case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> {
                byte[] v = rs.getBytes(i);
                if (v == null) {
                    g.writeNull();
                } else {
                    g.writeBinary(v);
                }
            }
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR -> g.writeString(rs.getString(i));
            default -> throw new IllegalStateException("backup cannot write column " + table + "." + column
                    + " of SQL type " + type + ": add the type to BackupWriter and BackupReader");
        }
    }
}
