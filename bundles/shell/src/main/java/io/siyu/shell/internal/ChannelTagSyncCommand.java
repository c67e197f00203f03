package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelSyncService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "channel-tag-sync", description = "Syncs corp tags both ways: pulls the provider's, pushes Siyu's enterprise tags it lacks")
@Service
public class ChannelTagSyncCommand implements Action {
    @Reference
    ChannelSyncService sync;

    @Argument(index = 0, name = "channel", description = "type/account, e.g. wecom/main", required = true)
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Override
    public Object execute() {
        ChannelSyncService.TagSyncResult r = sync.syncTags(ConsoleCaller.current(), channel);
        System.out.println("Tag sync of " + r.channel() + " done");
        System.out.println(Console.field("Created", r.created() + " (" + r.groupsCreated() + " groups, "
                + r.tagsCreated() + " tags)"));
        System.out.println(Console.field("Linked", Integer.toString(r.linked())));
        System.out.println(Console.field("Pushed", Integer.toString(r.pushed())));
        if (r.skipped() > 0) {
            System.out.println(Console.field("Skipped", r.skipped() + " (see the log)"));
        }
        return null;
    }
}
