package io.siyu.shell.internal;

import io.siyu.api.customer.ImportService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
public class ImportJobIdCompleter implements Completer {
    @Reference
    ImportService imports;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        imports.jobs().forEach(j -> delegate.getStrings().add(j.id()));
        return delegate.complete(session, commandLine, candidates);
    }
}
