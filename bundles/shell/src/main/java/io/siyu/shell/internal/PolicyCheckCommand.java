package io.siyu.shell.internal;

import io.siyu.api.channel.MessageKind;
import io.siyu.api.policy.PolicyDecision;
import io.siyu.api.policy.TouchPolicy;
import io.siyu.api.policy.TouchRequest;
import io.siyu.api.policy.TouchScenario;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Command(scope = "siyu", name = "policy-check", description = "Says whether a customer may be reached on a channel, by which rule not, and from when")
@Service
public class PolicyCheckCommand implements Action {
    @Reference
    TouchPolicy policy;

    @Option(name = "--kind", description = "mass (default), direct, template or welcome")
    @Completion(value = StringsCompleter.class, values = {"mass", "direct", "template", "welcome"})
    String kind = "mass";

    @Option(name = "--scenario", description = "For direct messages: customer_initiated, after_sales, important_reminder, festival_greeting, major_promotion, idle_moment, other_resonant")
    @Completion(value = StringsCompleter.class, values = {"customer_initiated", "after_sales", "important_reminder",
            "festival_greeting", "major_promotion", "idle_moment", "other_resonant"})
    String scenario;

    @Option(name = "--at", description = "When, as ISO-8601 with offset (default now), e.g. 2026-11-23T21:30:00+08:00")
    String at;

    @Argument(index = 0, name = "customerId", required = true, description = "The customer")
    @Completion(CustomerIdCompleter.class)
    long customerId;

    @Argument(index = 1, name = "channel", required = true, description = "type/account, e.g. wecom/main")
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Override
    public Object execute() {
        String[] key = channel.split("/", 2);
        if (key.length != 2) {
            System.err.println("channel is type/account, e.g. wecom/main");
            return null;
        }
        Instant when = at == null ? Instant.now() : OffsetDateTime.parse(at).toInstant();
        PolicyDecision d = policy.check(ConsoleCaller.current(), new TouchRequest(customerId, key[0], key[1],
                MessageKind.valueOf(kind.toUpperCase(Locale.ROOT)),
                scenario == null ? null : TouchScenario.valueOf(scenario.toUpperCase(Locale.ROOT)), when));
        if (d.allowed()) {
            System.out.println("allowed");
        } else {
            System.out.println("blocked by " + d.ruleId() + ": " + d.reason());
            System.out.println(d.allowedFrom() == null ? "waiting does not help" : "allowed from " + d.allowedFrom());
        }
        return null;
    }
}
