package io.siyu.shell.internal;

import io.siyu.api.org.Caller;
import io.siyu.api.segment.SegmentDefinition;
import io.siyu.api.segment.SegmentService;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "segment-list", description = "Lists segments with their current member counts")
@Service
public class SegmentListCommand implements Action {
    @Reference
    SegmentService segments;

    @Override
    public Object execute() {
        List<SegmentDefinition> all = segments.list(Caller.SYSTEM);
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Name");
        table.column("Members").alignRight();
        table.column("Version").alignRight();
        table.column("Description");
        for (SegmentDefinition d : all) {
            table.addRow().addContent(d.id(), d.name(), segments.count(Caller.SYSTEM, d.condition()), d.version(), d.description());
        }
        table.print(System.out);
        System.out.println(all.isEmpty() ? "No segments yet: siyu:segment-define <name> '<condition JSON>'" : all.size() + " segments");
        return null;
    }
}
