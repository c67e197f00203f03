package io.siyu.core.internal.sop;

import io.siyu.api.channel.MessageContent;
import io.siyu.api.sop.SopAction;
import io.siyu.api.sop.SopStep;
import java.util.ArrayList;
import java.util.List;

/**
 * A message an SOP step sends (to its customer or into group chats): the channel, the content and
 * where the content stands in the definition ({@code steps[1].then[0].action.content}), for the
 * checks that name it.
 */
public record SopSend(String channelType, String channelAccount, MessageContent content, String path) {

    /** Every send of the steps, branches included, in order. */
    public static List<SopSend> of(List<SopStep> steps) {
        List<SopSend> out = new ArrayList<>();
        collect(steps, "steps", out);
        return out;
    }

    private static void collect(List<SopStep> steps, String path, List<SopSend> out) {
        for (int i = 0; i < steps.size(); i++) {
            SopStep step = steps.get(i);
            String at = path + "[" + i + "]";
            if (step instanceof SopStep.Perform p && p.action() instanceof SopAction.SendMessage s) {
                out.add(new SopSend(s.channelType(), s.channelAccount(), s.content(), at + ".action.content"));
            } else if (step instanceof SopStep.Perform p && p.action() instanceof SopAction.SendToGroups g) {
                out.add(new SopSend(g.channelType(), g.channelAccount(), g.content(), at + ".action.content"));
            } else if (step instanceof SopStep.Branch b) {
                collect(b.then(), at + ".then", out);
                collect(b.otherwise(), at + ".otherwise", out);
            }
        }
    }
}
