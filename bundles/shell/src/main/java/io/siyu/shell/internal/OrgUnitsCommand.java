package io.siyu.shell.internal;

import io.siyu.api.PageRequest;
import io.siyu.api.org.Caller;
import io.siyu.api.org.OrgService;
import io.siyu.api.org.OrgUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "org-units", description = "Shows the org tree: units indented under their parents, with their staff counts")
@Service
public class OrgUnitsCommand implements Action {
    @Reference
    OrgService org;

    @Override
    public Object execute() {
        Caller caller = ConsoleCaller.current();
        List<OrgUnit> units = org.units(caller);
        Map<String, Integer> depth = new HashMap<>();
        ShellTable table = new ShellTable();
        table.column("Unit");
        table.column("Id");
        table.column("Kind");
        table.column("Staff").alignRight();
        for (OrgUnit u : units) {
            int d = u.isRoot() ? 0 : depth.getOrDefault(u.parentId(), 0) + 1;
            depth.put(u.id(), d);
            long staff = org.staffIn(caller, u.id(), false, new PageRequest(0, 1)).total();
            table.addRow().addContent("  ".repeat(d) + u.name(), u.id(), u.kind(), staff);
        }
        table.print(System.out);
        System.out.println(units.isEmpty() ? "No org units yet: siyu:org-unit-put, or PUT /siyu/api/v1/org/units/{id}"
                : units.size() + " units");
        return null;
    }
}
