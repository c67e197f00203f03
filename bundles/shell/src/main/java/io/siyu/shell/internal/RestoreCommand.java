package io.siyu.shell.internal;

import io.siyu.api.backup.BackupService;
import io.siyu.api.backup.BackupSummary;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Command(scope = "siyu", name = "restore", description = "Restores a siyu:backup archive into this empty instance,"
        + " keeping every id (all or nothing)")
@Service
public class RestoreCommand implements Action {
    @Reference
    BackupService backup;

    @Argument(index = 0, name = "file", description = "An archive written by siyu:backup or GET /siyu/api/v1/backup", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Override
    public Object execute() throws Exception {
        Path source = Path.of(file).toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            System.err.println(source + " is not a file");
            return null;
        }
        BackupSummary summary;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(source))) {
            summary = backup.restore(in, new BackupProgressPrinter(System.out));
        }
        System.out.println(Console.field("Restored", summary.rows().values().stream().mapToLong(Long::longValue).sum() + " rows"));
        System.out.println(Console.field("Written", summary.createdAt() + " by Siyu " + summary.siyuVersion()
                + " (schema version " + summary.schemaVersion() + ")"));
        return null;
    }
}
