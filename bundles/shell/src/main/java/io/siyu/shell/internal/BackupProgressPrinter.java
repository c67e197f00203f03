package io.siyu.shell.internal;

import io.siyu.api.backup.BackupProgress;
import java.io.PrintStream;

/** Prints rows per table as a backup or restore goes: a line per finished table, and every 10,000 rows of a long one. */
final class BackupProgressPrinter implements BackupProgress {
    private final PrintStream out;

    BackupProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void rows(String table, long rows, boolean done) {
        out.println(String.format("  %-24s %,12d rows%s", table, rows, done ? "" : " …"));
        out.flush();
    }
}
