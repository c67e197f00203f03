package io.siyu.shell.internal;

import io.siyu.api.channel.SmsText;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentService;
import io.siyu.api.content.ContentVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "sms-preview", description = "Shows an SMS template of the content library rendered with"
        + " parameter values: its length and how many SMS it is billed as, before sending")
@Service
public class SmsPreviewCommand implements Action {
    @Reference
    ContentService contents;

    @Argument(index = 0, name = "id", required = true, description = "The SMS template's content id")
    @Completion(ContentIdCompleter.class)
    long id;

    @Argument(index = 1, name = "params", multiValued = true, description = "name=value for each parameter")
    List<String> params;

    @Override
    public Object execute() {
        ContentItem item = contents.get(ConsoleCaller.current(), id);
        ContentVersion v = item.approved() != null ? item.approved() : item.latest();
        if (!(v.body() instanceof ContentBody.SmsTemplate sms)) {
            System.err.println("content " + id + " is not an SMS template");
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String p : params == null ? List.<String>of() : params) {
            int eq = p.indexOf('=');
            values.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
        }
        SmsText t = sms.rendered(values);
        System.out.println("v" + v.version() + " " + v.state() + (item.usable() ? "" : " (not usable until approved)"));
        System.out.println(t.text());
        System.out.println(t.mainlandLength() + " characters, " + t.mainlandSegments() + " SMS in mainland China (70 in"
                + " one, 67 per part); " + t.length() + " " + t.encoding() + " units, " + t.segments() + " SMS elsewhere");
        return null;
    }
}
