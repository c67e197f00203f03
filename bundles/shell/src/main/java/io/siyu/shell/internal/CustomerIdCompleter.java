package io.siyu.shell.internal;

import io.siyu.api.PageRequest;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.org.Caller;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes customer ids, showing the names beside them; offers the first 100 matches. */
@Service
public class CustomerIdCompleter implements Completer {
    @Reference
    CustomerService customers;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (Customer c : customers.search(Caller.SYSTEM, CustomerQuery.all(PageRequest.first(100))).items()) {
            delegate.getStrings().add(Long.toString(c.id()));
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
