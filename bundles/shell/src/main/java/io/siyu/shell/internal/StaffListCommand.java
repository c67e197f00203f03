package io.siyu.shell.internal;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.org.OrgService;
import io.siyu.api.org.Staff;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "staff-list", description = "Lists the staff of a unit (and with --subtree of every unit below it)")
@Service
public class StaffListCommand implements Action {
    @Reference
    OrgService org;

    @Argument(index = 0, name = "unit", description = "Org unit id", required = true)
    @Completion(OrgUnitIdCompleter.class)
    String unit;

    @Option(name = "-s", aliases = "--subtree", description = "Include the units below")
    boolean subtree;

    @Option(name = "--offset", description = "Skip this many")
    int offset;

    @Option(name = "--limit", description = "Show at most this many")
    int limit = 100;

    @Override
    public Object execute() {
        Page<Staff> page = org.staffIn(ConsoleCaller.current(), unit, subtree, new PageRequest(offset, limit));
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Unit");
        table.column("Positions");
        table.column("Roles");
        table.column("WeCom");
        table.column("Active");
        for (Staff s : page.items()) {
            table.addRow().addContent(s.id(), s.name(), s.orgUnitId(), String.join(",", new TreeSet<>(s.positions())),
                    String.join(",", new TreeSet<>(s.roleIds())), s.wecomUserId() == null ? "" : s.wecomUserId(),
                    s.active() ? "yes" : "left");
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " staff");
        return null;
    }
}
