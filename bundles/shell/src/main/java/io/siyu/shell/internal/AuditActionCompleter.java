package io.siyu.shell.internal;

import io.siyu.api.audit.AuditActions;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** The actions the core records. */
@Service
public class AuditActionCompleter implements Completer {
    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(List.of(AuditActions.CUSTOMER_READ, AuditActions.CUSTOMER_EXPORT,
                AuditActions.MESSAGE_SEND, AuditActions.CONTENT_SUBMIT, AuditActions.CONTENT_APPROVE,
                AuditActions.CONTENT_REJECT, AuditActions.CONTENT_WITHDRAW, AuditActions.COMPLIANCE_CHANGE))
                .complete(session, commandLine, candidates);
    }
}
