package io.siyu.shell.internal;

import io.siyu.api.customer.ImportJob;
import io.siyu.api.customer.ImportProblem;
import java.io.PrintStream;

/** How the console shows an import: a one-line progress bar while it runs, a report when it ends. */
final class ImportReport {
    static final int SHOWN_PROBLEMS = 20;
    private static final int BAR = 30;

    private ImportReport() {
    }

    /** One line, redrawn in place with a leading \r. */
    static String progress(ImportJob job) {
        String bar;
        if (job.percent() >= 0) {
            int filled = job.percent() * BAR / 100;
            bar = "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + String.format("%3d%%", job.percent());
        } else {
            bar = "[" + ".".repeat(BAR) + "]    ";
        }
        return "\r" + bar + "  read " + job.rowsRead() + "  " + (job.options().dryRun() ? "ok " : "written ")
                + job.rowsWritten() + "  failed " + job.rowsFailed();
    }

    static void print(ImportJob job, PrintStream out) {
        out.println(Console.field("Job", job.id()));
        out.println(Console.field("State", job.state().name().toLowerCase() + (job.options().dryRun() ? " (dry run: nothing stored)" : "")));
        out.println(Console.field("Mode", job.options().mode().name().toLowerCase()
                + (job.options().abortOnError() ? ", abort on error" : "") + (job.options().createTags() ? ", create tags" : "")));
        out.println(Console.field("Progress", job.percent() < 0 ? "unknown" : job.percent() + "%"));
        out.println(Console.field("Rows", job.rowsRead() + " read, " + job.created() + " created, " + job.updated()
                + " updated, " + job.rowsFailed() + " failed"));
        if (!job.message().isEmpty()) {
            out.println(Console.field("Message", job.message()));
        }
        if (job.problemCount() > 0) {
            out.println("Problems (" + job.problemCount() + (job.problemCount() > SHOWN_PROBLEMS ? ", first " + SHOWN_PROBLEMS : "")
                    + "):");
            job.problems().stream().limit(SHOWN_PROBLEMS).forEach(p -> out.println("  " + line(p)));
        }
    }

    static String line(ImportProblem p) {
        return "row " + p.row() + (p.column().isEmpty() ? "" : " [" + p.column() + "]") + ": " + p.message();
    }
}
