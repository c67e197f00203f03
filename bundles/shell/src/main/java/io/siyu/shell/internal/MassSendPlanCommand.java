package io.siyu.shell.internal;

import io.siyu.api.masssend.MassSendPlan;
import io.siyu.api.masssend.MassSendService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "mass-send-plan", description = "Shows who a mass send would reach, per staff member, and who is blocked by which rule until when")
@Service
public class MassSendPlanCommand implements Action {
    @Reference
    MassSendService sends;

    @Argument(index = 0, name = "id", required = true, description = "The mass send")
    @Completion(MassSendIdCompleter.class)
    long id;

    @Override
    public Object execute() {
        print(sends.plan(ConsoleCaller.current(), id));
        return null;
    }

    static void print(MassSendPlan p) {
        System.out.printf("at %s: %,d of %,d customers eligible (planned in %d ms)%n", p.at(), p.eligible(),
                p.audience(), p.computeMillis());
        if (!p.blocked().isEmpty()) {
            ShellTable blocked = new ShellTable();
            blocked.column("Blocked by");
            blocked.column("Customers").alignRight();
            blocked.column("Sendable from");
            blocked.column("Why");
            for (MassSendPlan.Blocked b : p.blocked()) {
                blocked.addRow().addContent(b.ruleId(), String.format("%,d", b.count()),
                        b.allowedFrom() == null ? "never (waiting does not help)" : b.allowedFrom(), b.reason());
            }
            blocked.print(System.out);
        }
        ShellTable staff = new ShellTable();
        staff.column("Sent as");
        staff.column("Customers").alignRight();
        for (MassSendPlan.StaffShare s : p.perStaff()) {
            staff.addRow().addContent(s.staffId() == null ? "(no owner)" : s.staffId(), String.format("%,d", s.eligible()));
        }
        staff.print(System.out);
        p.preview().forEach(t -> System.out.println("preview: " + t));
    }
}
