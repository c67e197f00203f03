package io.siyu.shell.internal;

import io.siyu.api.customer.IdentityService;
import io.siyu.api.customer.MergeRecord;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "customer-merge", description = "Merges two customer profiles into one (undo with siyu:merge-undo)",
        detailedDescription = "The survivor is chosen by rule, not by argument order: a known profile survives over a"
                + " visitor-only one, otherwise the older one. The other id stays an alias of the survivor.")
@Service
public class CustomerMergeCommand implements Action {
    @Reference
    IdentityService identities;

    @Argument(index = 0, name = "survivor", description = "Customer id (the survivor if the rule agrees)", required = true)
    @Completion(CustomerIdCompleter.class)
    long survivor;

    @Argument(index = 1, name = "other", description = "Customer id to merge with it", required = true)
    @Completion(CustomerIdCompleter.class)
    long other;

    @Override
    public Object execute() {
        MergeRecord m = identities.merge(ConsoleCaller.current(), survivor, other);
        System.out.println("Merge " + m.id() + ": customer " + m.mergedId() + " merged into customer " + m.survivorId()
                + (m.survivorId() != survivor ? " (the survivor rule kept " + m.survivorId() + ")" : ""));
        System.out.println("Undo with: siyu:merge-undo " + m.id());
        return null;
    }
}
