package io.siyu.shell.internal;

import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.edition.OperatingModel;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the operating models of the edition named before it on the command line. */
@Service
public class OperatingModelCompleter implements Completer {
    @Reference
    EditionRegistry editions;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        String[] words = commandLine.getArguments();
        // words[0] is the command itself; the edition id comes right after it
        if (words.length > 1) {
            editions.content(words[1]).ifPresent(c -> c.operatingModels().stream().map(OperatingModel::id)
                    .forEach(delegate.getStrings()::add));
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
