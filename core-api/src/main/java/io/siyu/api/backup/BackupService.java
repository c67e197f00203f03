package io.siyu.api.backup;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Backs up every customer, tag, event, consent, segment, attribute definition, merge record and
 * setting of the instance to one archive, and restores such an archive into an empty instance.
 */
public interface BackupService {
    /**
     * Writes a consistent archive of the whole instance to {@code out} (not closed).
     *
     * @throws io.siyu.api.UnavailableException when the store cannot be read or {@code out} fails
     */
    BackupSummary export(OutputStream out, BackupProgress progress);

    /**
     * Restores an archive written by {@link #export} into this instance, keeping every id, all or
     * nothing.
     *
     * @throws io.siyu.api.ConflictException when the instance already holds data
     * @throws io.siyu.api.ValidationException (field {@code archive}) when the archive is corrupt,
     *         truncated, not a Siyu backup, or from a newer schema version than this Siyu reads
     */
    BackupSummary restore(InputStream in, BackupProgress progress);
}
