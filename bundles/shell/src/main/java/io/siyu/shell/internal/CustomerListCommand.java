package io.siyu.shell.internal;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.Tag;
import io.siyu.api.org.Caller;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "customer-list", description = "Lists customers, optionally filtered by text or tag")
@Service
public class CustomerListCommand implements Action {
    @Reference
    CustomerService customers;

    @Argument(index = 0, name = "text", description = "Part of a name, phone, e-mail or other identity", required = false)
    String text;

    @Option(name = "-t", aliases = "--tag", description = "Only customers with this tag id")
    @Completion(TagIdCompleter.class)
    Long tag;

    @Option(name = "-o", aliases = "--offset", description = "How many matches to skip")
    int offset = 0;

    @Option(name = "-n", aliases = "--limit", description = "How many customers to show (max 1000)")
    int limit = 50;

    @Override
    public Object execute() {
        Page<Customer> page = customers.search(Caller.SYSTEM, new CustomerQuery(text, tag, new PageRequest(offset, limit)));
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Name");
        table.column("Identities");
        table.column("Tags");
        table.column("Updated");
        for (Customer c : page.items()) {
            table.addRow().addContent(c.id(), c.displayName(),
                    c.identities().stream().map(ChannelIdentity::toString).collect(Collectors.joining(" ")),
                    c.tags().stream().map(Tag::name).collect(Collectors.joining(",")),
                    c.updatedAt());
        }
        table.print(System.out);
        System.out.println(page.items().isEmpty() ? "No customers match." : String.format(
                "%d-%d of %d customers", page.offset() + 1, page.offset() + page.items().size(), page.total()));
        return null;
    }
}
