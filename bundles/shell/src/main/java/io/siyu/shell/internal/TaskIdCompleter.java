package io.siyu.shell.internal;

import io.siyu.api.PageRequest;
import io.siyu.api.org.Caller;
import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskService;
import io.siyu.api.org.TaskState;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Ids of open tasks, the ones that can be completed or cancelled. */
@Service
public class TaskIdCompleter implements Completer {
    @Reference
    StaffTaskService tasks;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (StaffTask t : tasks.tasksOf(Caller.SYSTEM, null, TaskState.OPEN, new PageRequest(0, PageRequest.MAX_LIMIT)).items()) {
            delegate.getStrings().add(Long.toString(t.id()));
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
