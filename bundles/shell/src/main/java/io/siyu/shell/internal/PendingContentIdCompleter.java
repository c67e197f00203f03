package io.siyu.shell.internal;

import io.siyu.api.PageRequest;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentQuery;
import io.siyu.api.content.ContentService;
import io.siyu.api.content.ContentState;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Ids of content waiting for review: what approve and reject take. */
@Service
public class PendingContentIdCompleter implements Completer {
    @Reference
    ContentService contents;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        ContentQuery pending = new ContentQuery(ContentState.PENDING_REVIEW, null, null, false, new PageRequest(0, 200));
        for (ContentItem c : contents.list(ConsoleCaller.current(), pending).items()) {
            delegate.getStrings().add(Long.toString(c.id()));
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
