package io.siyu.shell.internal;

import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagBulkResult;
import io.siyu.api.customer.TagService;
import io.siyu.api.org.Caller;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "tag-add", description = "Puts a tag on a customer (recorded on its timeline)")
@Service
public class TagAddCommand implements Action {
    @Reference
    TagService tags;

    @Argument(index = 0, name = "customerId", description = "Customer id", required = true)
    @Completion(CustomerIdCompleter.class)
    long customerId;

    @Argument(index = 1, name = "tagId", description = "Tag id", required = true)
    @Completion(TagIdCompleter.class)
    long tagId;

    @Override
    public Object execute() {
        TagBulkResult r = tags.tagCustomers(Caller.SYSTEM, tagId, TagAction.ADD, List.of(customerId));
        System.out.println(r.changed() == 0 ? "Nothing to do: customer " + customerId + " already was as asked."
                : "Customer " + customerId + ": tag " + tagId + (TagAction.ADD == TagAction.ADD ? " added." : " removed."));
        return null;
    }
}
