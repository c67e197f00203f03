package io.siyu.api.customer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The status and report of a customer import.
 *
 * @param rowsRead data rows read so far (the header not counted)
 * @param rowsWritten rows stored (created + updated); in a dry run, rows that would be
 * @param rowsFailed rows refused: invalid, or in conflict with stored customers
 * @param percent 0-100 through the input when its size is known, else -1
 * @param problems the first problems found (at most {@link #MAX_PROBLEMS}); {@code problemCount} counts all
 * @param message why a FAILED job stopped, otherwise empty
 */
public record ImportJob(
        String id,
        ImportOptions options,
        ImportState state,
        long rowsRead,
        long rowsWritten,
        long rowsFailed,
        long created,
        long updated,
        int percent,
        List<ImportProblem> problems,
        long problemCount,
        String message,
        Instant startedAt,
        Instant finishedAt) {
    public static final int MAX_PROBLEMS = 1000;

    public ImportJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        problems = problems == null ? List.of() : List.copyOf(problems);
        message = message == null ? "" : message;
    }

    public boolean finished() {
        return state != ImportState.RUNNING;
    }
}
