package io.siyu.shell.internal;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.org.Caller;
import io.siyu.api.sop.SopInstance;
import io.siyu.api.sop.SopInstanceState;
import io.siyu.api.sop.SopService;
import io.siyu.api.sop.SopStepRun;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "sop-instances",
        description = "Lists an SOP's instances (by state), a customer's SOP history, or one instance's steps;"
                + " pauses, resumes or stops one instance")
@Service
public class SopInstancesCommand implements Action {
    @Reference
    SopService sops;

    @Option(name = "-s", aliases = "--state", description = "Only instances in this state")
    @Completion(value = StringsCompleter.class, values = {"running", "waiting", "paused", "completed", "stopped", "failed"})
    String state;

    @Option(name = "-c", aliases = "--customer", description = "A customer's SOP history instead of one SOP's instances")
    Long customer;

    @Option(name = "-i", aliases = "--instance", description = "Show this instance and what each of its steps did")
    Long instance;

    @Option(name = "-d", aliases = "--do", description = "With --instance: pause, resume (while its SOP is active) or stop it")
    @Completion(value = StringsCompleter.class, values = {"pause", "resume", "stop"})
    String action;

    @Option(name = "-n", aliases = "--limit", description = "How many instances to show (max 1000)")
    int limit = 50;

    @Argument(index = 0, name = "sop", description = "The SOP id (not needed with --customer or --instance)")
    @Completion(SopIdCompleter.class)
    Long sop;

    @Override
    public Object execute() {
        Caller caller = ConsoleCaller.current();
        if (action != null && instance == null) {
            throw new io.siyu.api.ValidationException(io.siyu.api.FieldError.of("--do", "needs --instance <id>"));
        }
        if (instance != null) {
            if (action != null) {
                switch (action) {
                    case "pause" -> sops.pauseInstance(caller, instance);
                    case "resume" -> sops.resumeInstance(caller, instance);
                    case "stop" -> sops.stopInstance(caller, instance);
                    default -> throw new io.siyu.api.ValidationException(io.siyu.api.FieldError.of("--do",
                            "is pause, resume or stop, not '" + action + "'"));
                }
            }
            return showInstance(caller);
        }
        Page<SopInstance> page;
        if (customer != null) {
            page = sops.history(caller, customer, new PageRequest(0, limit));
        } else if (sop != null) {
            SopInstanceState s = state == null ? null : SopInstanceState.valueOf(state.strip().toUpperCase(Locale.ROOT));
            page = sops.instances(caller, sop, s, new PageRequest(0, limit));
        } else {
            System.err.println("Give an SOP id, --customer <id> or --instance <id>");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("SOP").alignRight();
        table.column("Version").alignRight();
        table.column("Customer").alignRight();
        table.column("State");
        table.column("Step");
        table.column("Wakes at");
        table.column("Started");
        table.column("Error");
        for (SopInstance i : page.items()) {
            table.addRow().addContent(i.id(), i.sopId(), i.sopVersion(), i.customerId() == null ? "" : i.customerId(),
                    Sops.state(i.state()), i.stepId() == null ? "" : i.stepId(), Sops.when(i), i.startedAt(),
                    i.error() == null ? "" : i.error());
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " instances");
        return null;
    }

    private Object showInstance(Caller caller) {
        SopInstance i = sops.instance(caller, instance);
        System.out.println(Console.field("Instance", i.id()));
        System.out.println(Console.field("SOP", i.sopId() + " v" + i.sopVersion()));
        System.out.println(Console.field("Customer", i.customerId() == null ? "-" : i.customerId()));
        System.out.println(Console.field("State", Sops.state(i.state()) + (i.wakeAt() == null ? "" : " until " + i.wakeAt())));
        System.out.println(Console.field("Step", i.stepId() == null ? "-" : i.stepId()));
        if (i.error() != null) {
            System.out.println(Console.field("Error", i.error()));
        }
        ShellTable table = new ShellTable();
        table.column("Step");
        table.column("Outcome");
        table.column("Attempts").alignRight();
        table.column("Finished");
        table.column("Detail");
        for (SopStepRun r : sops.steps(caller, instance)) {
            table.addRow().addContent(r.stepId(), Sops.state(r.outcome()), r.attempts(),
                    r.finishedAt() == null ? "" : r.finishedAt(), r.detail() == null ? "" : r.detail());
        }
        table.print(System.out);
        return null;
    }
}
