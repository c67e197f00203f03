package io.siyu.shell.internal;

import io.siyu.api.backup.BackupService;
import io.siyu.api.backup.BackupSummary;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Command(scope = "siyu", name = "backup", description = "Backs up every customer, tag, event, consent, segment,"
        + " attribute definition, merge record and setting into one zip archive")
@Service
public class BackupCommand implements Action {
    @Reference
    BackupService backup;

    @Argument(index = 0, name = "file", description = "The archive to write (must not exist yet)", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Override
    public Object execute() throws Exception {
        Path target = Path.of(file).toAbsolutePath();
        if (Files.exists(target)) {
            System.err.println(target + " already exists: choose a new file name");
            return null;
        }
        // written beside the target and renamed when complete, so a failed backup never looks like an archive
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
        try {
            BackupSummary summary;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
                summary = backup.export(out, new BackupProgressPrinter(System.out));
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("Backed up " + summary.rows().values().stream().mapToLong(Long::longValue).sum()
                    + " rows (schema version " + summary.schemaVersion() + ") to " + target);
        } finally {
            Files.deleteIfExists(partial);
        }
        return null;
    }
}
