package io.siyu.shell.internal;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.SegmentDefinition;
import io.siyu.api.segment.SegmentService;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "segment-show", description = "Shows a segment's definition, member count and first members")
@Service
public class SegmentShowCommand implements Action {
    @Reference
    SegmentService segments;

    @Argument(index = 0, name = "id", description = "Segment id", required = true)
    @Completion(SegmentIdCompleter.class)
    long id;

    @Option(name = "-n", aliases = "--members", description = "How many member ids to list")
    int members = 20;

    @Override
    public Object execute() {
        SegmentDefinition d = segments.get(Caller.SYSTEM, id);
        long start = System.nanoTime();
        Page<Long> page = segments.members(Caller.SYSTEM, d.condition(), new PageRequest(0, Math.max(1, Math.min(members, 1000))));
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.println("Segment " + d.id() + ": " + d.name() + " (version " + d.version() + ")");
        if (!d.description().isEmpty()) {
            System.out.println(d.description());
        }
        System.out.println("Condition:");
        System.out.println(Conditions.format(d.condition()));
        System.out.printf("Members: %d (evaluated in %.1f ms)%n", page.total(), ms);
        if (members > 0 && !page.items().isEmpty()) {
            System.out.println("First: " + page.items().stream().map(String::valueOf).collect(Collectors.joining(" "))
                    + (page.total() > page.items().size() ? " …  (siyu:customer-show <id>)" : ""));
        }
        return null;
    }
}
