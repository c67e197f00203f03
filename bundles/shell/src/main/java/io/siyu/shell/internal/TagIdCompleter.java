package io.siyu.shell.internal;

import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
public class TagIdCompleter implements Completer {
    @Reference
    TagService tags;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (Tag t : tags.list()) {
            delegate.getStrings().add(Long.toString(t.id()));
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
