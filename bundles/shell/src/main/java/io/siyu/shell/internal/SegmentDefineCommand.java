package io.siyu.shell.internal;

import io.siyu.api.ValidationException;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.SegmentDefinition;
import io.siyu.api.segment.SegmentDraft;
import io.siyu.api.segment.SegmentService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "segment-define", description = "Stores a segment: a name and a condition tree as JSON")
@Service
public class SegmentDefineCommand implements Action {
    @Reference
    SegmentService segments;

    @Argument(index = 0, name = "name", description = "Unique name (≤64 characters)", required = true)
    String name;

    @Argument(index = 1, name = "condition", description = "Condition tree as JSON (quote it)", required = true)
    String condition;

    @Option(name = "-d", aliases = "--description", description = "What the segment is for")
    String description;

    @Override
    public Object execute() {
        try {
            SegmentDefinition d = segments.define(Caller.SYSTEM, new SegmentDraft(name, description, Conditions.parse(condition)));
            System.out.println("Defined segment " + d.id() + " \"" + d.name() + "\" with "
                    + segments.count(Caller.SYSTEM, d.condition()) + " members");
        } catch (ValidationException e) {
            System.err.println(Conditions.explain(e));
        }
        return null;
    }
}
