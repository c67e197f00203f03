package io.siyu.store.internal;

import io.siyu.api.backup.BackupProgress;
import io.siyu.api.backup.BackupSummary;
import io.siyu.store.BackupRepository;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.eclipse.persistence.jpa.JpaHelper;

/** Backup and restore in plain JDBC (see {@link BackupTables} for what is in an archive). */
final class JdbcBackupRepository implements BackupRepository {
    private static final Logger LOG = Logger.getLogger(JdbcBackupRepository.class.getName());

    private final BackupWriter writer;
    private final BackupReader reader;
    private final int schemaVersion;

    JdbcBackupRepository(DataSource dataSource, SchemaMigrator.Dialect dialect, int schemaVersion, EntityManagerFactory emf) {
        this.schemaVersion = schemaVersion;
        this.writer = new BackupWriter(dataSource, dialect);
        this.reader = new BackupReader(dataSource, dialect, schemaVersion, () -> forgetPreallocatedIds(emf));
    }

    @Override
    public BackupSummary export(OutputStream out, String siyuVersion, Instant now, BackupProgress progress) {
        return writer.export(out, schemaVersion, siyuVersion, now, progress);
    }

    @Override
    public BackupSummary restore(InputStream in, Instant now, BackupProgress progress) {
        return reader.restore(in, now, progress);
    }

    /**
     * EclipseLink keeps a block of customer and tag ids in memory; one taken before the restore may
     * hold restored ids, so it is dropped and the next insert asks the advanced sequence.
     */
    private static void forgetPreallocatedIds(EntityManagerFactory emf) {
        try {
            JpaHelper.getServerSession(emf).getSequencingControl().initializePreallocated();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not drop EclipseLink's pre-allocated ids after a restore;"
                    + " restart the node before creating customers or tags", e);
        }
    }
}
