package io.siyu.shell.internal;

import io.siyu.api.channel.Outbox;
import io.siyu.api.channel.OutboxEntry;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "outbox-cancel", description = "Cancels a queued outbox message")
@Service
public class OutboxCancelCommand implements Action {
    @Reference
    Outbox outbox;

    @Argument(index = 0, name = "key", description = "The message's idempotency key", required = true)
    @Completion(OutboxKeyCompleter.class)
    String key;

    @Override
    public Object execute() {
        OutboxEntry e = outbox.cancel(key);
        System.out.println(e.idempotencyKey() + " (" + e.channelKey() + ") is now " + e.state().name().toLowerCase(Locale.ROOT));
        return null;
    }
}
