package io.siyu.shell.internal;

import io.siyu.api.org.OrgService;
import io.siyu.api.org.Staff;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "staff-put", description = "Creates or changes a staff member; the id is also the realm user name that acts as them")
@Service
public class StaffPutCommand implements Action {
    @Reference
    OrgService org;

    @Argument(index = 0, name = "id", description = "Staff id (= realm user name)", required = true)
    @Completion(StaffIdCompleter.class)
    String id;

    @Argument(index = 1, name = "name", description = "Display name", required = true)
    String name;

    @Argument(index = 2, name = "unit", description = "Org unit id", required = true)
    @Completion(OrgUnitIdCompleter.class)
    String unit;

    @Option(name = "-r", aliases = "--role", description = "A role id (siyu:org-roles lists them); repeat for several", multiValued = true)
    @Completion(RoleIdCompleter.class)
    List<String> roles;

    @Option(name = "-p", aliases = "--position", description = "A position, e.g. manager, account-manager; repeat for several", multiValued = true)
    List<String> positions;

    @Option(name = "-w", aliases = "--wecom", description = "WeCom userid")
    String wecom;

    @Option(name = "--left", description = "The staff member has left (their customers wait for a resigned handover)")
    boolean left;

    @Override
    public Object execute() {
        Staff s = org.putStaff(ConsoleCaller.current(), new Staff(id, name, unit,
                positions == null ? Set.of() : Set.copyOf(positions), roles == null ? Set.of() : Set.copyOf(roles),
                wecom, !left));
        System.out.println("Staff " + s.id() + " (" + s.name() + ") in " + s.orgUnitId() + ", roles "
                + new TreeSet<>(s.roleIds()) + (s.active() ? "" : ", has left"));
        return null;
    }
}
