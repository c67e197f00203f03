package io.siyu.shell.internal;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.followup.FollowUp;
import io.siyu.api.followup.FollowUpDraft;
import io.siyu.api.followup.FollowUpMethod;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Command(scope = "siyu", name = "follow-up", description = "Records a follow-up with a customer (a call, a visit…): "
        + "its outcome, attribute changes such as a lead's stage, the task it did and the next follow-up")
@Service
public class FollowUpCommand implements Action {
    @Reference
    io.siyu.api.followup.FollowUpService followUps;

    @Option(name = "-m", aliases = "--method", description = "call, wechat, visit, meeting, sms, email or other (default call)")
    @Completion(value = StringsCompleter.class, values = {"call", "wechat", "visit", "meeting", "sms", "email", "other"})
    String method = "call";

    @Option(name = "-o", aliases = "--outcome", description = "What came of it, in a few words")
    String outcome;

    @Option(name = "-s", aliases = "--set", description = "An attribute change, name=value (repeatable; name= removes it)",
            multiValued = true)
    @Completion(AttributeNameCompleter.class)
    List<String> set;

    @Option(name = "-n", aliases = "--next", description = "When to follow up next (ISO instant, e.g. 2026-11-25T02:00:00Z); "
            + "becomes a task")
    String next;

    @Option(name = "--next-note", description = "What to do at the next follow-up")
    String nextNote;

    @Option(name = "-t", aliases = "--task", description = "The open task this follow-up did; it is completed")
    @Completion(TaskIdCompleter.class)
    Long task;

    @Argument(index = 0, name = "customer", description = "The customer id", required = true)
    @Completion(CustomerIdCompleter.class)
    long customer;

    @Argument(index = 1, name = "note", description = "What was said or done", required = true, multiValued = true)
    List<String> note;

    @Override
    public Object execute() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (set != null) {
            for (String pair : set) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ValidationException(FieldError.of("--set", "takes name=value, got '" + pair + "'"));
                }
                String value = pair.substring(eq + 1);
                attributes.put(pair.substring(0, eq), value.isEmpty() ? null : value);
            }
        }
        FollowUpMethod m;
        Instant nextAt;
        try {
            m = FollowUpMethod.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(FieldError.of("--method", "is one of call, wechat, visit, meeting, sms, email, other"));
        }
        try {
            nextAt = next == null ? null : Instant.parse(next);
        } catch (java.time.DateTimeException e) {
            throw new ValidationException(FieldError.of("--next", "is an ISO-8601 instant, e.g. 2026-11-25T02:00:00Z"));
        }
        FollowUp f = followUps.record(ConsoleCaller.current(), customer, new FollowUpDraft(null, m, String.join(" ", note),
                outcome, attributes, nextAt, nextNote, task));
        System.out.println("Follow-up recorded on customer " + f.customerId() + " (" + f.eventId() + ")");
        f.changed().forEach((k, v) -> System.out.println("  " + k + " → " + (v == null ? "(removed)" : v)));
        if (f.nextTaskId() != null) {
            System.out.println("  next follow-up: task " + f.nextTaskId() + " due " + f.nextAt());
        }
        return null;
    }
}
