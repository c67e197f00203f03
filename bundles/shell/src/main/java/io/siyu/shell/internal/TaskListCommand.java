package io.siyu.shell.internal;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskService;
import io.siyu.api.org.TaskState;
import java.time.Instant;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "task-list", description = "Lists staff tasks, open ones by due time first")
@Service
public class TaskListCommand implements Action {
    @Reference
    StaffTaskService tasks;

    @Option(name = "-s", aliases = "--staff", description = "Only this staff member's tasks")
    String staff;

    @Option(name = "--state", description = "open, done or cancelled (default: open)")
    @Completion(value = StringsCompleter.class, values = {"open", "done", "cancelled", "all"})
    String state = "open";

    @Option(name = "-n", aliases = "--limit", description = "How many tasks to show (max 1000)")
    int limit = 50;

    @Override
    public Object execute() {
        TaskState s = state.equalsIgnoreCase("all") ? null : TaskState.valueOf(state.strip().toUpperCase(Locale.ROOT));
        Page<StaffTask> page = tasks.tasksOf(ConsoleCaller.current(), staff, s, new PageRequest(0, limit));
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Due");
        table.column("Priority");
        table.column("Kind");
        table.column("Staff");
        table.column("Title");
        table.column("Customer").alignRight();
        table.column("Source");
        table.column("State");
        for (StaffTask t : page.items()) {
            table.addRow().addContent(t.id(), (t.dueAt() == null ? "" : t.dueAt()) + (t.isOverdue(now) ? " OVERDUE" : ""),
                    Sops.state(t.priority()), Sops.state(t.kind()), t.assigneeStaffId(), t.title(),
                    t.customerId() == null ? "" : t.customerId(), t.sourceRef() == null ? "" : t.sourceRef(),
                    Sops.state(t.state()));
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " tasks");
        return null;
    }
}
