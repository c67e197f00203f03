package io.siyu.store;

import io.siyu.api.backup.BackupProgress;
import io.siyu.api.backup.BackupSummary;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;

/** The whole database as one archive, and back (schema version 8 and later). */
public interface BackupRepository {
    /** Streams every backed-up table into a zip archive on {@code out} (not closed), from one consistent read. */
    BackupSummary export(OutputStream out, String siyuVersion, Instant now, BackupProgress progress);

    /**
     * Restores an archive into this empty database in one transaction, keeping ids and advancing
     * sequences and identity columns past them; logs every restored customer as changed at {@code now}.
     */
    BackupSummary restore(InputStream in, Instant now, BackupProgress progress);
}
