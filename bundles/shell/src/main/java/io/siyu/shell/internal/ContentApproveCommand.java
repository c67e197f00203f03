package io.siyu.shell.internal;

import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "content-approve", description = "Approves the content version waiting for review (the console reviews as head office)")
@Service
public class ContentApproveCommand implements Action {
    @Reference
    ContentService contents;

    @Argument(index = 0, name = "id", description = "Content id", required = true)
    @Completion(PendingContentIdCompleter.class)
    long id;

    @Option(name = "-m", aliases = "--comment", description = "A comment recorded with the approval")
    String comment;

    @Override
    public Object execute() {
        ContentItem c = contents.approve(ConsoleCaller.current(), id, comment);
        System.out.println("Content " + c.id() + " v" + c.approved().version() + " approved; it is now the version in use");
        return null;
    }
}
