package io.siyu.shell.internal;

import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.ChannelOperations;
import io.siyu.api.channel.Moments;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "channel-moment-post", description = "Posts to customers' moments (客户朋友圈): a task the sending staff publish from their client")
@Service
public class ChannelMomentPostCommand implements Action {
    @Reference
    ChannelOperations operations;

    @Argument(index = 0, name = "channel", description = "type/account, e.g. wecom/main", required = true)
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Argument(index = 1, name = "text", description = "The moment's text", required = true)
    String text;

    @Option(name = "-i", aliases = "--image", description = "Image media id at the provider (repeat for several)", multiValued = true)
    List<String> images;

    @Option(name = "--link", description = "A link card's URL (with --link-title)")
    String link;

    @Option(name = "--link-title", description = "The link card's title")
    String linkTitle;

    @Option(name = "-u", aliases = "--staff", description = "Staff userid who may publish it (repeat for several; default all)",
            multiValued = true)
    List<String> staff;

    @Option(name = "-t", aliases = "--tag", description = "Provider corp tag id: only customers with one see it (repeat for several)",
            multiValued = true)
    List<String> tags;

    @Override
    public Object execute() {
        String jobId = operations.postMoment(ConsoleCaller.current(), channel,
                new Moments.Moment(text, attachments(), staff, tags));
        System.out.println("Moment task " + jobId + " submitted on " + channel);
        System.out.println("Follow it with: siyu:channel-moment-result " + channel + " " + jobId);
        return null;
    }

    private List<Attachment> attachments() {
        List<Attachment> out = new ArrayList<>();
        if (images != null) {
            images.forEach(i -> out.add(new Attachment.Image(i)));
        }
        if (link != null || linkTitle != null) {
            if (link == null || link.isBlank() || linkTitle == null || linkTitle.isBlank()) {
                throw new IllegalArgumentException("a link needs both --link and --link-title");
            }
            out.add(new Attachment.Link(linkTitle, link, null, null));
        }
        return out;
    }
}
