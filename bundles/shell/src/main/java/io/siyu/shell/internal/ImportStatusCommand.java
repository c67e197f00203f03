package io.siyu.shell.internal;

import io.siyu.api.customer.ImportJob;
import io.siyu.api.customer.ImportService;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "import-status", description = "Shows an import job, or lists this node's import jobs")
@Service
public class ImportStatusCommand implements Action {
    @Reference
    ImportService imports;

    @Argument(index = 0, name = "jobId", description = "The job id (leave out to list the jobs)")
    @Completion(ImportJobIdCompleter.class)
    String jobId;

    @Override
    public Object execute() {
        if (jobId == null) {
            List<ImportJob> jobs = imports.jobs();
            if (jobs.isEmpty()) {
                System.out.println("No import jobs on this node since it started");
            }
            jobs.forEach(j -> System.out.println(j.id() + "  " + j.state().name().toLowerCase() + "  "
                    + (j.percent() < 0 ? "" : j.percent() + "%  ") + j.rowsRead() + " read, " + j.rowsWritten()
                    + " written, " + j.rowsFailed() + " failed" + (j.options().dryRun() ? " (dry run)" : "")));
            return null;
        }
        imports.job(jobId.strip()).ifPresentOrElse(j -> ImportReport.print(j, System.out),
                () -> System.err.println("No import job " + jobId + " on this node (jobs live on the node that runs them)"));
        return null;
    }
}
