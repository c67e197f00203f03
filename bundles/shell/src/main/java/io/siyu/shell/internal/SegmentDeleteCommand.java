package io.siyu.shell.internal;

import io.siyu.api.org.Caller;
import io.siyu.api.segment.SegmentService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "segment-delete", description = "Deletes a segment (refused while another segment uses it)")
@Service
public class SegmentDeleteCommand implements Action {
    @Reference
    SegmentService segments;

    @Argument(index = 0, name = "id", description = "Segment id", required = true)
    @Completion(SegmentIdCompleter.class)
    long id;

    @Override
    public Object execute() {
        segments.delete(Caller.SYSTEM, id);
        System.out.println("Deleted segment " + id);
        return null;
    }
}
