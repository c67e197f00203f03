package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelOperations;
import io.siyu.api.channel.CustomerTransfers;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "channel-handover", description = "Hands a staff member's contacts over to another at the provider (在职继承, or 离职继承 with --resigned)")
@Service
public class ChannelHandoverCommand implements Action {
    @Reference
    ChannelOperations operations;

    @Argument(index = 0, name = "channel", description = "type/account, e.g. wecom/main", required = true)
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Argument(index = 1, name = "handoverUserId", description = "Staff userid handing the contacts over", required = true)
    String handoverUserId;

    @Argument(index = 2, name = "takeoverUserId", description = "Staff userid taking them over", required = true)
    String takeoverUserId;

    @Argument(index = 3, name = "externalUserId", description = "The contacts' provider ids", required = true,
            multiValued = true)
    List<String> externalUserIds;

    @Option(name = "--resigned", description = "The handing-over staff member has left (离职继承)")
    boolean resigned;

    @Option(name = "-m", aliases = "--message", description = "Shown to the customer (in service only)")
    String message;

    @Override
    public Object execute() {
        List<CustomerTransfers.Outcome> outcomes = operations.handover(ConsoleCaller.current(), channel,
                new ChannelOperations.Handover(handoverUserId, takeoverUserId, externalUserIds, resigned, message));
        System.out.println(String.format("%-40s %-10s %s", "Customer", "Outcome", "Code"));
        int accepted = 0;
        for (CustomerTransfers.Outcome o : outcomes) {
            accepted += o.accepted() ? 1 : 0;
            System.out.println(String.format("%-40s %-10s %d", o.externalUserId(), o.accepted() ? "accepted" : "refused",
                    o.errorCode()));
        }
        System.out.println(accepted + " of " + outcomes.size() + " accepted; follow them with siyu:channel-handover-results");
        return null;
    }
}
