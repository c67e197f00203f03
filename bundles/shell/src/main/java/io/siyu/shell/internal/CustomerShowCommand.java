package io.siyu.shell.internal;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.IdentityService;
import io.siyu.api.customer.MergeRecord;
import io.siyu.api.customer.Tag;
import io.siyu.api.event.CustomerEvent;
import io.siyu.api.event.EventService;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentService;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "customer-show", description = "Shows one customer's profile")
@Service
public class CustomerShowCommand implements Action {
    @Reference(optional = true)
    io.siyu.api.segment.SegmentService segments;

    @Reference
    CustomerService customers;

    @Reference
    EventService events;

    @Reference
    ConsentService consents;

    @Reference
    IdentityService identities;

    @Option(name = "-e", aliases = "--events", description = "How many of the latest events to show (0 for none)")
    int eventCount = 10;

    @Argument(index = 0, name = "id", description = "Customer id", required = true)
    @Completion(CustomerIdCompleter.class)
    long id;

    @Override
    public Object execute() {
        Customer c = customers.get(Caller.SYSTEM, id);
        System.out.println(Console.field("Id", c.id() + (c.id() != id ? " (" + id + " was merged into it)" : "")));
        System.out.println(Console.field("Name", c.displayName()));
        System.out.println(Console.field("Created", c.createdAt()));
        System.out.println(Console.field("Updated", c.updatedAt() + " (version " + c.version() + ")"));
        if (segments != null) {
            System.out.println(Console.field("Layer", segments.layerOf(Caller.SYSTEM, c.id())));
        }
        System.out.println("Identities:");
        for (ChannelIdentity i : c.identities()) {
            System.out.println("  " + i);
        }
        System.out.println("Tags:");
        for (Tag t : c.tags()) {
            System.out.println("  " + t.group() + "/" + t.name() + " [" + t.id() + "]");
        }
        System.out.println("Attributes:");
        c.attributes().forEach((k, v) -> System.out.println("  " + k + " = " + v));
        System.out.println("Consent:");
        for (Consent k : consents.consents(Caller.SYSTEM, id)) {
            System.out.println("  " + k.channelType() + " " + k.state() + " since " + k.changedAt() + " (" + k.source() + ")");
        }
        List<MergeRecord> merges = identities.history(Caller.SYSTEM, c.id());
        if (!merges.isEmpty()) {
            System.out.println("Merges:");
            for (MergeRecord m : merges) {
                System.out.println("  #" + m.id() + " " + m.mergedId() + " into " + m.survivorId() + " " + m.reason()
                        + (m.identity() == null ? "" : " (" + m.identity() + ")") + " by " + m.by() + " at " + m.at()
                        + (m.undone() ? ", undone by " + m.undoneBy() + " at " + m.undoneAt() : ""));
            }
        }
        if (eventCount > 0) {
            Page<CustomerEvent> timeline = events.timeline(Caller.SYSTEM, id, PageRequest.first(Math.min(eventCount, PageRequest.MAX_LIMIT)));
            System.out.println("Timeline (" + timeline.total() + " events, newest first):");
            ShellTable table = new ShellTable();
            table.column("Time");
            table.column("Type");
            table.column("Channel");
            table.column("Properties");
            for (CustomerEvent e : timeline.items()) {
                table.addRow().addContent(e.occurredAt(), e.type(), e.channel(), e.properties());
            }
            table.print(System.out);
        }
        return null;
    }
}
