package io.siyu.shell.internal;

import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the active editions. */
@Service
public class EditionIdCompleter implements Completer {
    @Reference
    EditionRegistry editions;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (EditionDescriptor d : editions.editions()) {
            delegate.getStrings().add(d.id());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
