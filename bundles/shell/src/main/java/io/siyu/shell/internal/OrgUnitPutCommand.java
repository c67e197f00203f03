package io.siyu.shell.internal;

import io.siyu.api.org.OrgService;
import io.siyu.api.org.OrgUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "org-unit-put", description = "Creates or changes an org unit (head office, branch, store…)")
@Service
public class OrgUnitPutCommand implements Action {
    @Reference
    OrgService org;

    @Argument(index = 0, name = "id", description = "Unit id, e.g. sh-pd", required = true)
    @Completion(OrgUnitIdCompleter.class)
    String id;

    @Argument(index = 1, name = "name", description = "Display name, e.g. 浦东支行", required = true)
    String name;

    @Argument(index = 2, name = "kind", description = "The unit's kind in the edition's model, e.g. branch, sub-branch, store", required = true)
    String kind;

    @Option(name = "-p", aliases = "--parent", description = "Parent unit; none makes a root")
    @Completion(OrgUnitIdCompleter.class)
    String parent;

    @Override
    public Object execute() {
        OrgUnit u = org.putUnit(ConsoleCaller.current(), new OrgUnit(id, parent, name, kind));
        System.out.println("Unit " + u.id() + " (" + u.name() + ", " + u.kind() + ")"
                + (u.parentId() == null ? " is a root" : " under " + u.parentId()));
        return null;
    }
}
