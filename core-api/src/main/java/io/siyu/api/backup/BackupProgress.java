package io.siyu.api.backup;

/** Told how far a backup or restore got, table by table, so consoles can show progress. */
@FunctionalInterface
public interface BackupProgress {
    BackupProgress NONE = (table, rows, done) -> {
    };

    /**
     * @param table the table being written or read
     * @param rows rows of it so far
     * @param done whether the table is complete
     */
    void rows(String table, long rows, boolean done);
}
