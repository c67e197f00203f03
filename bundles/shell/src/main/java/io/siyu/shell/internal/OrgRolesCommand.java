package io.siyu.shell.internal;

import io.siyu.api.org.OrgService;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "org-roles", description = "Lists the roles of the core and the active editions with their data scope and permissions")
@Service
public class OrgRolesCommand implements Action {
    @Reference
    OrgService org;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Scope");
        table.column("Permissions").maxSize(80).wrap();
        for (Role r : org.roles()) {
            table.addRow().addContent(r.id(), r.name(), r.scope(), r.permissions().stream().map(Permission::name)
                    .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(" ")));
        }
        table.print(System.out);
        return null;
    }
}
