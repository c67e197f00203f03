package io.siyu.shell.internal;

import io.siyu.api.PageRequest;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentQuery;
import io.siyu.api.content.ContentService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Ids of the newest content items. */
@Service
public class ContentIdCompleter implements Completer {
    @Reference
    ContentService contents;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (ContentItem c : contents.list(ConsoleCaller.current(), ContentQuery.all(new PageRequest(0, 200))).items()) {
            delegate.getStrings().add(Long.toString(c.id()));
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
