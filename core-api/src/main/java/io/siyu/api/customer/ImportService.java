package io.siyu.api.customer;

import io.siyu.api.org.Caller;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Imports customers from CSV (UTF-8, optional BOM, RFC 4180 quoting, LF or CRLF). Columns:
 * {@code displayName}; {@code identity:<type>} or {@code identity:<type>:<namespace>} (codes of
 * {@link IdentityType}); {@code tags} as {@code group/name;group/name}; {@code attr:<name>} for an
 * attribute of the schema. Empty cells are left out. Every row is validated like a customer create;
 * valid rows are written in chunks of one transaction each, so a row is stored whole or not at all.
 */
public interface ImportService {
    /**
     * Starts an import in the background and returns its first status. The header and the CSV's
     * quoting are checked before this returns.
     *
     * @param csv the file to read; it must stay until the job is finished
     * @param deleteWhenDone delete the file when the job ends (for uploads spooled to a temporary file)
     * @throws io.siyu.api.ValidationException for malformed CSV (unbalanced quotes, an unknown or
     *         repeated column), naming the row and column; nothing is stored
     */
    ImportJob start(Caller caller, Path csv, ImportOptions options, boolean deleteWhenDone);

    /** Runs an import to the end in the calling thread (for small dry runs); same checks as {@link #start}. */
    ImportJob run(Caller caller, Path csv, ImportOptions options);

    /** A job running or run on this node since it started, or any finished job (its final report is kept in the database). */
    Optional<ImportJob> job(String id);

    /** The jobs this node knows, newest first. */
    List<ImportJob> jobs();
}
