package io.siyu.shell.internal;

import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.masssend.Audience;
import io.siyu.api.masssend.MassSend;
import io.siyu.api.masssend.MassSendDraft;
import io.siyu.api.masssend.MassSendService;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "mass-send-create", description = "Defines a text mass send to a segment, or an SMS one"
        + " with an approved SMS template of the content library (--content); see its plan with siyu:mass-send-plan")
@Service
public class MassSendCreateCommand implements Action {
    @Reference
    MassSendService sends;

    @Option(name = "--at", description = "When to send, ISO-8601 with offset (default: when accepted)")
    String at;

    @Option(name = "--name", description = "A name for people (default: the text's start)")
    String name;

    @Argument(index = 0, name = "segmentId", required = true, description = "The audience segment")
    @Completion(SegmentIdCompleter.class)
    long segmentId;

    @Argument(index = 1, name = "channel", required = true, description = "type/account, e.g. wecom/main")
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Option(name = "--content", description = "An approved SMS template's content id (SMS channels); instead of a text")
    Long contentId;

    @Option(name = "-p", aliases = "--param", multiValued = true, description = "name=value of a template parameter")
    List<String> params;

    @Argument(index = 2, name = "text", description = "The message; {name} is replaced by each customer's name")
    String text;

    @Override
    public Object execute() {
        String[] key = channel.split("/", 2);
        if (key.length != 2) {
            System.err.println("channel is type/account, e.g. wecom/main");
            return null;
        }
        if ((text == null) == (contentId == null)) {
            System.err.println("give a text, or --content with an SMS template's id");
            return null;
        }
        MessageContent content;
        if (contentId != null) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String p : params == null ? List.<String>of() : params) {
                int eq = p.indexOf('=');
                values.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
            }
            content = new MessageContent.LibraryTemplate(contentId, values);
        } else {
            content = new MessageContent.Text(text, List.of());
        }
        String label = name != null ? name : text != null ? text.substring(0, Math.min(20, text.length()))
                : "SMS template " + contentId;
        MassSend m = sends.create(ConsoleCaller.current(), new MassSendDraft(label, Audience.segment(segmentId), key[0],
                key[1], contentId != null ? MessageKind.TEMPLATE : MessageKind.MASS, content,
                at == null ? null : OffsetDateTime.parse(at).toInstant()));
        System.out.println("mass send " + m.id() + " defined; next: siyu:mass-send-plan " + m.id());
        return null;
    }
}
