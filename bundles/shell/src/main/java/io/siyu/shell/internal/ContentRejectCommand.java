package io.siyu.shell.internal;

import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "content-reject", description = "Sends the content version waiting for review back, with a reason")
@Service
public class ContentRejectCommand implements Action {
    @Reference
    ContentService contents;

    @Argument(index = 0, name = "id", description = "Content id", required = true)
    @Completion(PendingContentIdCompleter.class)
    long id;

    @Argument(index = 1, name = "reason", description = "Why, for the maker", required = true, multiValued = true)
    java.util.List<String> reason;

    @Override
    public Object execute() {
        ContentItem c = contents.reject(ConsoleCaller.current(), id, String.join(" ", reason));
        System.out.println("Content " + c.id() + " v" + c.latest().version() + " rejected: " + c.latest().reason());
        return null;
    }
}
