package io.siyu.shell.internal;

import io.siyu.api.ValidationException;
import io.siyu.api.customer.ImportJob;
import io.siyu.api.customer.ImportMode;
import io.siyu.api.customer.ImportOptions;
import io.siyu.api.customer.ImportService;
import io.siyu.api.org.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Command(scope = "siyu", name = "customer-import",
        description = "Imports customers from a CSV file (displayName, identity:<type>[:<namespace>], tags, attr:<name>)")
@Service
public class CustomerImportCommand implements Action {
    @Reference
    ImportService imports;

    @Argument(index = 0, name = "file", description = "The CSV file (UTF-8) on this node", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "-n", aliases = "--dry-run", description = "Validate every row and report; store nothing")
    boolean dryRun;

    @Option(name = "-m", aliases = "--mode",
            description = "create (a known identity is a conflict) or upsert (update the customer holding it)")
    String mode = "create";

    @Option(name = "-a", aliases = "--abort", description = "Store nothing if any row is bad")
    boolean abort;

    @Option(name = "-t", aliases = "--create-tags", description = "Create tags the file names that do not exist yet")
    boolean createTags;

    @Override
    public Object execute() throws Exception {
        Path path = Path.of(file).toAbsolutePath();
        if (!Files.isReadable(path)) {
            System.err.println("Cannot read " + path);
            return null;
        }
        ImportMode m;
        try {
            m = ImportMode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("Unknown mode '" + mode + "': use create or upsert");
            return null;
        }
        ImportJob job;
        try {
            job = imports.start(Caller.SYSTEM, path, new ImportOptions(dryRun, m, abort, createTags), false);
        } catch (ValidationException e) {
            System.err.println("The file was refused; nothing was stored:");
            e.errors().forEach(f -> System.err.println("  " + f.field() + ": " + f.message()));
            return null;
        }
        try {
            while (!job.finished()) {
                System.out.print(ImportReport.progress(job));
                System.out.flush();
                Thread.sleep(250);
                job = imports.job(job.id()).orElseThrow();
            }
        } catch (InterruptedException e) {
            System.out.println();
            System.out.println("The import goes on in the background: siyu:import-status " + job.id());
            return null;
        }
        System.out.println(ImportReport.progress(job));
        ImportReport.print(job, System.out);
        return null;
    }
}
