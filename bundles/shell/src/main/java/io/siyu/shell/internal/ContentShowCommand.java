package io.siyu.shell.internal;

import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.SmsText;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentService;
import io.siyu.api.content.ContentTransition;
import io.siyu.api.content.ContentVersion;
import io.siyu.api.org.Caller;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "content-show", description = "Shows a content item: its latest and approved versions and every state change")
@Service
public class ContentShowCommand implements Action {
    @Reference
    ContentService contents;

    @Argument(index = 0, name = "id", description = "Content id", required = true)
    @Completion(ContentIdCompleter.class)
    long id;

    @Override
    public Object execute() {
        Caller caller = ConsoleCaller.current();
        ContentItem c = contents.get(caller, id);
        PrintStream out = System.out;
        out.println("Content " + c.id() + " (" + ContentListCommand.lower(c.kind()) + ") of unit " + c.ownerUnitId()
                + ", created by " + c.createdBy() + " at " + c.createdAt());
        print(out, "Latest", c.latest());
        if (c.approved() != null && c.approved().version() != c.latest().version()) {
            print(out, "In use", c.approved());
        } else if (c.approved() == null) {
            out.println("No version is in use.");
        }
        out.println("History:");
        for (ContentTransition t : contents.history(caller, id)) {
            out.println("  " + t.at() + "  v" + t.version() + "  " + (t.from() == null ? "created" : t.from() + " → " + t.to())
                    + "  by " + t.actor() + (t.reason() == null ? "" : "  — " + t.reason()));
        }
        return null;
    }

    private static void print(PrintStream out, String heading, ContentVersion v) {
        out.println(heading + ": v" + v.version() + " " + v.state() + " \"" + v.title() + "\" by " + v.author()
                + (v.labels().isEmpty() ? "" : " labels " + new java.util.TreeSet<>(v.labels()))
                + (v.reviewer() == null ? "" : ", reviewed by " + v.reviewer() + " at " + v.reviewedAt())
                + (v.reason() == null ? "" : " (" + v.reason() + ")"));
        ContentBody body = v.body();
        if (body instanceof ContentBody.SmsTemplate s) {
            SmsText length = s.length();
            out.println("  SMS template " + s.providerTemplates() + " parameters " + s.parameterNames());
            out.println("  " + (s.signName() == null ? "" : "【" + s.signName() + "】") + s.text());
            out.println("  length " + length.mainlandLength() + " characters, " + length.mainlandSegments()
                    + " SMS in mainland China (70 in one, 67 per part); " + length.length() + " " + length.encoding()
                    + " units, " + length.segments() + " SMS elsewhere");
        } else if (body instanceof ContentBody.Script s) {
            out.println("  " + s.text());
        } else if (((ContentBody.Message) body).content() instanceof MessageContent.Email e) {
            out.println("  Subject: " + e.subject());
            out.println("  " + (e.text() != null ? e.text() : e.html()));
        } else if (((ContentBody.Message) body).content() instanceof MessageContent.Text t) {
            out.println("  " + t.text());
            for (Attachment a : t.attachments()) {
                out.println("  + " + a);
            }
        }
    }
}
