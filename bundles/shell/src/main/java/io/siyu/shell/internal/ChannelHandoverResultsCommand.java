package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelOperations;
import io.siyu.api.channel.CustomerTransfers;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "channel-handover-results", description = "Shows where the handovers between two staff members stand (in service, or resigned with --resigned)")
@Service
public class ChannelHandoverResultsCommand implements Action {
    @Reference
    ChannelOperations operations;

    @Argument(index = 0, name = "channel", description = "type/account, e.g. wecom/main", required = true)
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Argument(index = 1, name = "handoverUserId", description = "Staff userid who handed the contacts over", required = true)
    String handoverUserId;

    @Argument(index = 2, name = "takeoverUserId", description = "Staff userid who takes them over", required = true)
    String takeoverUserId;

    @Option(name = "--resigned", description = "The handovers of a staff member who has left (离职继承) instead of in service")
    boolean resigned;

    @Override
    public Object execute() {
        System.out.println(String.format("%-40s %-11s %s", "Customer", "State", "Takeover"));
        int shown = 0;
        for (ChannelOperations.TransferStatus t : operations.handoverResults(ConsoleCaller.current(), channel,
                handoverUserId, takeoverUserId)) {
            if (t.resigned() != resigned) {
                continue;
            }
            CustomerTransfers.Status s = t.status();
            System.out.println(String.format("%-40s %-11s %s", s.externalUserId(), state(s.status()),
                    s.takeoverTime() == null ? "" : s.takeoverTime()));
            shown++;
        }
        System.out.println(shown + " " + (resigned ? "resigned" : "in-service") + " handover(s)");
        return null;
    }

    /** As the REST API names them. */
    static String state(int status) {
        switch (status) {
            case 1:
                return "done";
            case 2:
                return "waiting";
            case 3:
                return "refused";
            case 4:
                return "taker-full";
            case 5:
                return "no-record";
            default:
                return "unknown";
        }
    }
}
