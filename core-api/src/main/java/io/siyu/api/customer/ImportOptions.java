package io.siyu.api.customer;

/**
 * How to import a customer CSV.
 *
 * @param dryRun validate every row (and look up identity owners) but store nothing
 * @param mode what a row naming a known identity does
 * @param abortOnError refuse the whole import if any row is bad: every row is checked before the first is written
 * @param createTags create a tag a row names that does not exist yet; otherwise an unknown tag is a row error
 */
public record ImportOptions(boolean dryRun, ImportMode mode, boolean abortOnError, boolean createTags) {
    public ImportOptions {
        mode = mode == null ? ImportMode.CREATE : mode;
    }

    public static ImportOptions defaults() {
        return new ImportOptions(false, ImportMode.CREATE, false, false);
    }
}
