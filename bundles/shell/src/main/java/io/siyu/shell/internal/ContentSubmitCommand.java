package io.siyu.shell.internal;

import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "content-submit", description = "Sends the latest draft of a content item to review, after the compliance checks")
@Service
public class ContentSubmitCommand implements Action {
    @Reference
    ContentService contents;

    @Argument(index = 0, name = "id", description = "Content id", required = true)
    @Completion(ContentIdCompleter.class)
    long id;

    @Override
    public Object execute() {
        ContentItem c = contents.submit(ConsoleCaller.current(), id);
        System.out.println("Content " + c.id() + " v" + c.latest().version() + " is waiting for review;"
                + " someone else approves it: siyu:content-approve " + c.id());
        return null;
    }
}
