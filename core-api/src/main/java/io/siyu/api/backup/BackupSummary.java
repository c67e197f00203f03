package io.siyu.api.backup;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What an archive holds (after a backup) or what was restored from it.
 *
 * @param formatVersion the archive layout's version
 * @param schemaVersion the database schema version the rows were written at
 * @param siyuVersion the Siyu version that wrote the archive
 * @param createdAt when the archive was written
 * @param rows rows per table, in archive order
 */
public record BackupSummary(int formatVersion, int schemaVersion, String siyuVersion, Instant createdAt,
        Map<String, Long> rows) {
    public BackupSummary {
        Objects.requireNonNull(siyuVersion, "siyuVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        rows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rows));
    }
}
