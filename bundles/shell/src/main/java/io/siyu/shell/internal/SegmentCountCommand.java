package io.siyu.shell.internal;

import io.siyu.api.ValidationException;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.SegmentService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "segment-count", description = "Counts the customers matching a condition given as JSON, "
        + "e.g. '{\"type\":\"eventCount\",\"eventType\":\"order\",\"minCount\":2,\"lastDays\":90}'")
@Service
public class SegmentCountCommand implements Action {
    @Reference
    SegmentService segments;

    @Argument(index = 0, name = "condition", description = "Condition tree as JSON (quote it)", required = true)
    String condition;

    @Override
    public Object execute() {
        try {
            Condition c = Conditions.parse(condition);
            long start = System.nanoTime();
            long count = segments.count(Caller.SYSTEM, c);
            System.out.printf("%d customers (%.1f ms)%n", count, (System.nanoTime() - start) / 1e6);
        } catch (ValidationException e) {
            System.err.println(Conditions.explain(e));
        }
        return null;
    }
}
