package io.siyu.store.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.backup.BackupProgress;
import io.siyu.api.backup.BackupSummary;
import io.siyu.store.internal.BackupManifest.TableEntry;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.sql.DataSource;

/**
 * Restores an archive into an empty database. The archive is first copied to a temporary file and
 * checked whole (manifest, versions, every file's SHA-256), so a truncated or damaged archive is
 * refused before the database is touched; the rows then go in with one transaction, which also
 * holds the identity and sequence changes, so any later failure leaves the database as it was.
 *
 * <p>An archive from an older schema version is accepted: migrations only add tables and nullable
 * columns, so its rows fit the current tables (columns it lacks stay null, tables it lacks stay
 * empty) and the data steps of later migrations run after the rows are in. A newer one is refused.
 */
final class BackupReader {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int BATCH = 1000;

    private final DataSource dataSource;
    private final SchemaMigrator.Dialect dialect;
    private final int schemaVersion;
    private final Runnable afterRestore;

    BackupReader(DataSource dataSource, SchemaMigrator.Dialect dialect, int schemaVersion, Runnable afterRestore) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.schemaVersion = schemaVersion;
        this.afterRestore = afterRestore;
    }

    static ValidationException corrupt(String message) {
        return new ValidationException(FieldError.of("archive", message));
    }

    BackupSummary restore(InputStream in, Instant now, BackupProgress progress) {
        Path spool = null;
        try {
            spool = Files.createTempFile("siyu-restore-", ".zip");
            Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            try (ZipFile zip = open(spool)) {
                BackupManifest manifest = checked(zip);
                BackupSummary summary = restore(zip, manifest, now, progress);
                afterRestore.run();
                return summary;
            }
        } catch (IOException e) {
            throw new UnavailableException("restore could not read the archive: " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    private static ZipFile open(Path file) {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw corrupt("not a complete zip archive (truncated, or not a Siyu backup): " + e.getMessage());
        } catch (IOException e) {
            throw corrupt("cannot be opened as a zip archive: " + e.getMessage());
        }
    }

    /** The manifest, once versions, table names and every file's row data are known good. */
    private BackupManifest checked(ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry(BackupManifest.ENTRY);
        if (entry == null) {
            throw corrupt("has no " + BackupManifest.ENTRY + ": not a Siyu backup");
        }
        BackupManifest m;
        try (InputStream in = zip.getInputStream(entry)) {
            m = BackupManifest.read(in);
        } catch (BackupManifest.Invalid e) {
            throw corrupt(e.getMessage());
        }
        if (m.formatVersion() != BackupManifest.FORMAT_VERSION) {
            throw corrupt("is in backup format " + m.formatVersion() + "; this Siyu reads format "
                    + BackupManifest.FORMAT_VERSION);
        }
        if (m.schemaVersion() > schemaVersion) {
            throw new ValidationException(FieldError.of("archive.schemaVersion", "the archive was written at schema version "
                    + m.schemaVersion() + " by Siyu " + m.siyuVersion() + "; this Siyu is at schema version "
                    + schemaVersion + ": restore it with Siyu " + m.siyuVersion() + " or newer"));
        }
        for (TableEntry t : m.tables()) {
            if (BackupTables.table(t.name()) == null) {
                throw corrupt("holds table " + t.name() + ", which this Siyu does not know");
            }
            ZipEntry file = zip.getEntry(t.file());
            if (file == null) {
                throw corrupt("lacks " + t.file() + " (table " + t.name() + ") listed in the manifest");
            }
            MessageDigest sha = BackupManifest.sha256();
            try (InputStream in = new DigestInputStream(zip.getInputStream(file), sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (ZipException | java.io.EOFException e) {
                throw corrupt(t.file() + " is damaged: " + e.getMessage());
            }
            if (!HexFormat.of().formatHex(sha.digest()).equalsIgnoreCase(t.sha256())) {
                throw corrupt(t.file() + " is damaged: its SHA-256 differs from the manifest's");
            }
        }
        return m;
    }

    private BackupSummary restore(ZipFile zip, BackupManifest m, Instant now, BackupProgress progress) throws IOException {
        Map<String, TableEntry> byName = new HashMap<>();
        m.tables().forEach(t -> byName.put(t.name(), t));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Long> heads = currentHeads(c);
                if (dialect == SchemaMigrator.Dialect.POSTGRESQL) {
                    stageTagLinks(c);
                }
                requireEmpty(c);
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM " + BackupTables.REPLACED);
                }
                identitiesAcceptValues(c, true);
                Map<String, Long> rows = new LinkedHashMap<>();
                for (BackupTables.Table t : BackupTables.TABLES) {
                    TableEntry e = byName.get(t.name());
                    if (e != null) {
                        rows.put(t.name(), insertRows(c, zip, e, progress));
                    }
                }
                if (m.schemaVersion() < 6) {
                    EventAmountBackfill.run(c); // V6 added amounts and filled them from existing events
                }
                if (dialect == SchemaMigrator.Dialect.POSTGRESQL) {
                    requireReferences(c);
                    foldTagLinks(c);
                }
                FollowEvents.rebuild(c); // derived from the events, so not in the archive
                identitiesAcceptValues(c, false);
                advance(c, heads);
                ChangeLog.recordEveryCustomer(c, now); // every node's segment index loads them
                c.commit();
                Commits.committed();
                return new BackupSummary(m.formatVersion(), m.schemaVersion(), m.siyuVersion(), m.createdAt(), rows);
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                Commits.rolledBack();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            String state = JdbcTransactions.sqlState(e);
            if (state != null && state.startsWith("23")) {
                throw corrupt("rows contradict each other or the schema (nothing was restored): " + e.getMessage());
            }
            throw new UnavailableException("restore failed, nothing was restored: " + e.getMessage(), e);
        }
    }

    /**
     * PostgreSQL keeps tags as an array on the customer row (V26); the archive as customer_tag rows.
     * The rows are restored into a temporary table of that name (it comes first on the search path),
     * checked like every other table, then folded into the arrays.
     */
    private static void stageTagLinks(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMPORARY TABLE customer_tag (customer_id BIGINT NOT NULL, tag_id BIGINT NOT NULL,"
                    + " PRIMARY KEY (customer_id, tag_id)) ON COMMIT DROP");
        }
    }

    private static void foldTagLinks(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE customer c SET " + BackupTables.CUSTOMER_TAGS + " = l.tags FROM (SELECT customer_id,"
                    + " array_agg(tag_id ORDER BY tag_id) AS tags FROM customer_tag GROUP BY customer_id) l"
                    + " WHERE c.id = l.customer_id");
        }
    }

    /**
     * The references PostgreSQL has no foreign key for (V21, V24, V25: the store's writers keep
     * them): a restored row naming a customer or tag the archive does not hold is refused as a
     * key would have refused it.
     */
    private static void requireReferences(Connection c) throws SQLException {
        String[][] references = {
            {"customer_identity", "customer_id", "customer"},
            {"customer_attribute", "customer_id", "customer"},
            {"customer_tag", "customer_id", "customer"},
            {"customer_tag", "tag_id", "tag"},
            {"customer_event", "customer_id", "customer"},
        };
        try (Statement st = c.createStatement()) {
            for (String[] r : references) {
                try (ResultSet rs = st.executeQuery("SELECT r." + r[1] + " FROM " + r[0] + " r WHERE NOT EXISTS"
                        + " (SELECT 1 FROM " + r[2] + " p WHERE p.id = r." + r[1] + ") FETCH FIRST 1 ROWS ONLY")) {
                    if (rs.next()) {
                        throw corrupt("rows contradict each other or the schema (nothing was restored): " + r[0]
                                + " names " + r[2] + " " + rs.getLong(1) + ", which the archive does not hold");
                    }
                }
            }
        }
    }

    /** Locks every table against concurrent writers, then refuses unless they are all empty. */
    private static void requireEmpty(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (BackupTables.Table t : BackupTables.TABLES) {
                st.execute("LOCK TABLE " + t.name() + " IN EXCLUSIVE MODE");
            }
            for (BackupTables.Table t : BackupTables.TABLES) {
                if (t.name().equals(BackupTables.REPLACED)) {
                    continue;
                }
                st.setMaxRows(1);
                try (ResultSet rs = st.executeQuery("SELECT 1 FROM " + t.name())) {
                    if (rs.next()) {
                        throw new ConflictException("restore needs an empty instance, but table " + t.name()
                                + " holds rows: restore into a new database (nothing was changed)");
                    }
                }
            }
        }
    }

    /**
     * The next value of every sequence and identity column before the restore: they only ever move
     * forward, because other nodes' id blocks and the segment index's log positions rely on that.
     */
    private Map<String, Long> currentHeads(Connection c) throws SQLException {
        Map<String, Long> heads = new HashMap<>();
        for (BackupTables.Sequence s : BackupTables.SEQUENCES) {
            heads.put(s.name(), single(c, dialect == SchemaMigrator.Dialect.DERBY
                    ? "VALUES NEXT VALUE FOR " + s.name() : "SELECT nextval('" + s.name() + "')") + s.increment());
        }
        for (BackupTables.Identity i : BackupTables.IDENTITIES) {
            long next;
            if (dialect == SchemaMigrator.Dialect.DERBY) {
                try (PreparedStatement ps = c.prepareStatement("VALUES SYSCS_UTIL.SYSCS_PEEK_AT_IDENTITY(?, ?)")) {
                    ps.setString(1, c.getSchema());
                    ps.setString(2, i.table().toUpperCase(Locale.ROOT));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        next = rs.getLong(1);
                    }
                }
            } else {
                next = single(c, "SELECT nextval(pg_get_serial_sequence('" + i.table() + "', '" + i.column() + "'))") + 1;
            }
            heads.put(i.table(), next);
        }
        return heads;
    }

    /** Derby has no OVERRIDING SYSTEM VALUE: its identity columns take given values only while BY DEFAULT. */
    private void identitiesAcceptValues(Connection c, boolean accept) throws SQLException {
        if (dialect != SchemaMigrator.Dialect.DERBY) {
            return;
        }
        try (Statement st = c.createStatement()) {
            for (BackupTables.Identity i : BackupTables.IDENTITIES) {
                st.execute("ALTER TABLE " + i.table() + " ALTER COLUMN " + i.column() + " SET GENERATED "
                        + (accept ? "BY DEFAULT" : "ALWAYS"));
            }
        }
    }

    /** Moves sequences and identity columns past every restored id (and never backwards). */
    private void advance(Connection c, Map<String, Long> heads) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (BackupTables.Sequence s : BackupTables.SEQUENCES) {
                long max = 0;
                for (String q : s.maxQueries()) {
                    max = Math.max(max, single(c, q));
                }
                // EclipseLink reads a value as the last id of its block: the next block must start past max
                long needed = (max / s.increment() + 1) * s.increment() + (s.increment() == 1 ? 0 : s.increment());
                long start = Math.max(needed, heads.get(s.name()));
                if (dialect == SchemaMigrator.Dialect.DERBY) {
                    st.execute("DROP SEQUENCE " + s.name() + " RESTRICT");
                    st.execute("CREATE SEQUENCE " + s.name() + " AS BIGINT START WITH " + start + " INCREMENT BY " + s.increment());
                } else {
                    st.execute("ALTER SEQUENCE " + s.name() + " RESTART WITH " + start);
                }
            }
            for (BackupTables.Identity i : BackupTables.IDENTITIES) {
                long start = Math.max(single(c, "SELECT MAX(" + i.column() + ") FROM " + i.table()) + 1, heads.get(i.table()));
                st.execute("ALTER TABLE " + i.table() + " ALTER COLUMN " + i.column() + " RESTART WITH " + start);
            }
        }
    }

    private long insertRows(Connection c, ZipFile zip, TableEntry e, BackupProgress progress) throws SQLException, IOException {
        Map<String, Integer> targetTypes = columnTypes(c, e.name());
        int n = e.columns().size();
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            Integer type = targetTypes.get(e.columns().get(i));
            if (type == null) {
                throw corrupt("table " + e.name() + " has column " + e.columns().get(i) + ", which this Siyu does not know");
            }
            types[i] = type;
        }
        String sql = "INSERT INTO " + e.name() + " (" + String.join(", ", e.columns()) + ")"
                + (dialect == SchemaMigrator.Dialect.POSTGRESQL && BackupTables.hasIdentity(e.name()) ? " OVERRIDING SYSTEM VALUE" : "")
                + " VALUES (" + "?, ".repeat(n - 1) + "?)";
        long rows = 0;
        try (InputStream in = zip.getInputStream(zip.getEntry(e.file()));
                JsonParser p = JSON.createParser(in);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (JsonToken token = p.nextToken(); token != null; token = p.nextToken()) {
                long row = rows + 1;
                if (token != JsonToken.START_ARRAY) {
                    throw corrupt(e.file() + " row " + row + " is not a JSON array");
                }
                for (int i = 0; i < n; i++) {
                    bind(ps, i + 1, types[i], p, e, row, e.columns().get(i));
                }
                if (p.nextToken() != JsonToken.END_ARRAY) {
                    throw corrupt(e.file() + " row " + row + " has more values than the " + n + " columns");
                }
                ps.addBatch();
                rows = row;
                if (rows % BATCH == 0) {
                    ps.executeBatch();
                }
                if (rows % BackupWriter.PROGRESS_EVERY == 0) {
                    progress.rows(e.name(), rows, false);
                }
            }
            ps.executeBatch();
        } catch (JsonProcessingException ex) {
            throw corrupt(e.file() + " is not valid JSON lines after row " + rows + ": " + ex.getOriginalMessage());
        }
        if (rows != e.rows()) {
            throw corrupt(e.file() + " holds " + rows + " rows, the manifest says " + e.rows());
        }
        progress.rows(e.name(), rows, true);
        return rows;
    }

    private static void bind(PreparedStatement ps, int index, int type, JsonParser p, TableEntry e, long row, String column)
            throws SQLException, IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
            ps.setNull(index, type);
            return;
        }
        if (t == JsonToken.END_ARRAY || t == null) {
            throw corrupt(e.file() + " row " + row + " lacks a value for " + column);
        }
        try {
            switch (type) {
                case Types.BIGINT -> ps.setLong(index, number(t, p));
                case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> ps.setInt(index, Math.toIntExact(number(t, p)));
                case Types.DECIMAL, Types.NUMERIC -> ps.setBigDecimal(index, new BigDecimal(p.getText()));
                case Types.BOOLEAN, Types.BIT -> {
                    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                        throw new IllegalArgumentException("not a boolean");
                    }
                    ps.setBoolean(index, t == JsonToken.VALUE_TRUE);
                }
                case Types.TIMESTAMP -> ps.setTimestamp(index, Timestamp.valueOf(LocalDateTime.parse(text(t, p))));
                case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> ps.setBytes(index, p.getBinaryValue());
                default -> ps.setString(index, text(t, p));
            }
        } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException | JsonProcessingException ex) {
            throw corrupt(e.file() + " row " + row + " has an invalid " + column + ": " + ex.getMessage());
        }
    }

    private static long number(JsonToken t, JsonParser p) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("not an integer");
        }
        return p.getLongValue();
    }

    private static String text(JsonToken t, JsonParser p) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("not a string");
        }
        return p.getText();
    }

    private static Map<String, Integer> columnTypes(Connection c, String table) throws SQLException {
        Map<String, Integer> types = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                types.put(md.getColumnName(i).toLowerCase(Locale.ROOT), md.getColumnType(i));
            }
        }
        return types;
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
