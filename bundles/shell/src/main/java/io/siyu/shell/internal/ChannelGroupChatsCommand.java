package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelOperations;
import io.siyu.api.channel.GroupChats;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "channel-group-chats", description = "Lists a channel's customer group chats with member counts (read from the provider)")
@Service
public class ChannelGroupChatsCommand implements Action {
    @Reference
    ChannelOperations operations;

    @Argument(index = 0, name = "channel", description = "type/account, e.g. wecom/main", required = true)
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Option(name = "-s", aliases = "--status", description = "0 normal, 1 owner resigned, 2 handover under way, 3 handed over")
    Integer status;

    @Override
    public Object execute() {
        List<GroupChats.GroupChat> chats = operations.groupChats(ConsoleCaller.current(), channel, status, List.of());
        System.out.println(String.format("%-32s %-20s %-12s %8s %9s", "Chat", "Name", "Owner", "Members", "External"));
        for (GroupChats.GroupChat c : chats) {
            System.out.println(String.format("%-32s %-20s %-12s %8d %9d", c.chatId(), c.name(), c.owner(),
                    c.memberCount(), c.externalCount()));
        }
        return null;
    }
}
