package io.siyu.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.customer.ImportJob;
import io.siyu.api.customer.ImportMode;
import io.siyu.api.customer.ImportOptions;
import io.siyu.api.customer.ImportProblem;
import io.siyu.api.customer.ImportState;
import io.siyu.store.SettingRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The final report of an import kept in the settings table, so any node (and this one after a
 * restart) can answer for a finished job. A setting holds 4,000 characters: the counts and message
 * always fit, the problems as many as fit (the full count stays in {@code problemCount}).
 */
final class ImportReports {
    static final String PREFIX = "import.job.";
    private static final int LIMIT = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is stored; field names are short because the space is. */
    record Stored(String s, boolean d, String m, boolean a, boolean t, long r, long w, long f, long c, long u, int p,
            long n, String msg, String at, String end, List<ImportProblem> ps) {
    }

    private ImportReports() {
    }

    static void save(SettingRepository settings, ImportJob job) {
        ImportOptions o = job.options();
        String message = job.message().length() > 1000 ? job.message().substring(0, 1000) : job.message();
        List<ImportProblem> kept = new ArrayList<>(job.problems());
        String text = encode(job, o, message, kept);
        while (text.length() > LIMIT && !kept.isEmpty()) {
            kept = kept.subList(0, kept.size() / 2);
            text = encode(job, o, message, kept);
        }
        settings.put(PREFIX + job.id(), text);
    }

    private static String encode(ImportJob job, ImportOptions o, String message, List<ImportProblem> problems) {
        try {
            return JSON.writeValueAsString(new Stored(job.state().name(), o.dryRun(), o.mode().name(), o.abortOnError(),
                    o.createTags(), job.rowsRead(), job.rowsWritten(), job.rowsFailed(), job.created(), job.updated(),
                    job.percent(), job.problemCount(), message, String.valueOf(job.startedAt()),
                    String.valueOf(job.finishedAt()), List.copyOf(problems)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an import report did not serialise", e);
        }
    }

    static Optional<ImportJob> load(SettingRepository settings, String id) {
        return settings.get(PREFIX + id).map(text -> {
            try {
                Stored s = JSON.readValue(text, Stored.class);
                return new ImportJob(id, new ImportOptions(s.d(), ImportMode.valueOf(s.m()), s.a(), s.t()),
                        ImportState.valueOf(s.s()), s.r(), s.w(), s.f(), s.c(), s.u(), s.p(), s.ps(), s.n(), s.msg(),
                        Instant.parse(s.at()), Instant.parse(s.end()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the stored report of import " + id + " is unreadable", e);
            }
        });
    }
}
