package io.siyu.shell.internal;

import io.siyu.api.PageRequest;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.Outbox;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.channel.OutboxQuery;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the keys of messages that can be retried or cancelled (failed or queued), newest first. */
@Service
public class OutboxKeyCompleter implements Completer {
    @Reference
    Outbox outbox;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (OutboxEntry e : outbox.list(new OutboxQuery(null, Set.of(DeliveryState.FAILED, DeliveryState.QUEUED)),
                PageRequest.first(200)).items()) {
            delegate.getStrings().add(e.idempotencyKey());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
