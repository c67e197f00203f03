package io.siyu.shell.internal;

import io.siyu.api.org.HandoverRequest;
import io.siyu.api.org.HandoverResult;
import io.siyu.api.org.OrgService;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "handover", description = "Hands customers from one staff member to another (在职继承, or 离职继承 with --resigned), at most 100 per call; WeCom completes it after 24 hours")
@Service
public class HandoverCommand implements Action {
    @Reference
    OrgService org;

    @Argument(index = 0, name = "from", description = "Staff id handing over", required = true)
    @Completion(StaffIdCompleter.class)
    String from;

    @Argument(index = 1, name = "to", description = "Staff id taking over", required = true)
    @Completion(StaffIdCompleter.class)
    String to;

    @Argument(index = 2, name = "customerId", description = "Customers to hand over", required = true, multiValued = true)
    @Completion(CustomerIdCompleter.class)
    List<Long> customerIds;

    @Option(name = "--resigned", description = "The handing-over staff member has left (离职继承)")
    boolean resigned;

    @Option(name = "-m", aliases = "--message", description = "Shown to the customer (in service only)")
    String message;

    @Override
    public Object execute() {
        HandoverResult r = org.handover(ConsoleCaller.current(), new HandoverRequest(
                resigned ? HandoverRequest.Kind.RESIGNED : HandoverRequest.Kind.IN_SERVICE, from, to, customerIds,
                List.of(), message));
        HandoverStatusCommand.print(r);
        return null;
    }
}
