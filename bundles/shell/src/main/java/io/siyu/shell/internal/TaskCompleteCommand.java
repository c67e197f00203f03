package io.siyu.shell.internal;

import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "task-complete", description = "Marks an open staff task done (or cancelled)")
@Service
public class TaskCompleteCommand implements Action {
    @Reference
    StaffTaskService tasks;

    @Option(name = "-c", aliases = "--cancel", description = "Cancel the task instead of completing it")
    boolean cancel;

    @Argument(index = 0, name = "id", description = "The task id", required = true)
    @Completion(TaskIdCompleter.class)
    long id;

    @Override
    public Object execute() {
        StaffTask t = cancel ? tasks.cancel(ConsoleCaller.current(), id) : tasks.complete(ConsoleCaller.current(), id);
        System.out.println("Task " + t.id() + " (" + t.title() + ") is " + Sops.state(t.state()));
        return null;
    }
}
