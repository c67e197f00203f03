package io.siyu.shell.internal;

import io.siyu.api.org.HandoverResult;
import io.siyu.api.org.OrgService;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "handover-status", description = "Shows where a handover stands per customer, asking WeCom about the waiting ones")
@Service
public class HandoverStatusCommand implements Action {
    @Reference
    OrgService org;

    @Argument(index = 0, name = "id", description = "Handover id", required = true)
    long id;

    @Override
    public Object execute() {
        print(org.handoverStatus(ConsoleCaller.current(), id));
        return null;
    }

    static void print(HandoverResult r) {
        System.out.println("Handover " + r.id() + " (" + r.kind().name().toLowerCase(Locale.ROOT) + ") from "
                + r.fromStaffId() + " to " + r.toStaffId() + ", requested " + r.requestedAt()
                + (r.finished() ? ", finished" : ", waiting for WeCom"));
        ShellTable table = new ShellTable();
        table.column("Customer/chat");
        table.column("Status");
        table.column("Reason");
        r.customers().forEach(c -> table.addRow().addContent(c.customerId(), c.status(), c.reason() == null ? "" : c.reason()));
        r.groups().forEach(g -> table.addRow().addContent(g.groupChatId(), g.status(), g.reason() == null ? "" : g.reason()));
        table.print(System.out);
    }
}
