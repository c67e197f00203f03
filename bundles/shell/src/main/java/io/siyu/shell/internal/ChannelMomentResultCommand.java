package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelOperations;
import io.siyu.api.channel.Moments;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "channel-moment-result", description = "Shows where a moment task stands at the provider")
@Service
public class ChannelMomentResultCommand implements Action {
    @Reference
    ChannelOperations operations;

    @Argument(index = 0, name = "channel", description = "type/account, e.g. wecom/main", required = true)
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Argument(index = 1, name = "jobId", description = "The job id channel-moment-post printed", required = true)
    String jobId;

    @Override
    public Object execute() {
        Moments.TaskResult r = operations.momentResult(ConsoleCaller.current(), channel, jobId);
        System.out.println(Console.field("Job", r.jobId()));
        System.out.println(Console.field("State", state(r.status()) + " (" + r.status() + ")"));
        if (r.done()) {
            System.out.println(Console.field("Moment", r.momentId() == null ? "(none)" : r.momentId()));
            if (r.errorCode() != 0) {
                System.out.println(Console.field("Error", r.errorCode() + " " + (r.errorMessage() == null ? "" : r.errorMessage())));
            }
        }
        if (!r.invalidSenders().isEmpty()) {
            System.out.println(Console.field("Bad staff", String.join(", ", r.invalidSenders())));
        }
        if (!r.invalidTags().isEmpty()) {
            System.out.println(Console.field("Bad tags", String.join(", ", r.invalidTags())));
        }
        return null;
    }

    /** As the REST API names them. */
    static String state(int status) {
        switch (status) {
            case 1:
                return "started";
            case 2:
                return "running";
            case 3:
                return "done";
            default:
                return "unknown";
        }
    }
}
