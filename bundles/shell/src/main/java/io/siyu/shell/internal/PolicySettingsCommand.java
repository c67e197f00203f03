package io.siyu.shell.internal;

import io.siyu.api.policy.PolicySettings;
import io.siyu.api.policy.TouchPolicy;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "policy-settings", description = "Shows the touch policy in force (change it with PUT /siyu/api/v1/policy/settings)")
@Service
public class PolicySettingsCommand implements Action {
    @Reference
    TouchPolicy policy;

    @Override
    public Object execute() {
        PolicySettings s = policy.settings();
        System.out.println("brand time zone     " + s.brandZone());
        System.out.println("quiet hours         " + (s.hasQuietHours() ? s.quietFrom() + "-" + s.quietUntil() : "none")
                + " (customer's time zone)");
        System.out.println("cross-channel cap   " + cap(s.crossChannelPerDay()) + " a day, " + cap(s.crossChannelPerWeek())
                + " a week");
        System.out.println("channel quotas      " + (s.channelQuotas().isEmpty() ? "as the adapters declare"
                : s.channelQuotas().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue().count() + "/" + lower(e.getValue().per()))
                        .collect(Collectors.joining(", "))));
        System.out.println("1:1 scenarios       " + s.allowedScenarios().stream().sorted().map(PolicySettingsCommand::lower)
                .collect(Collectors.joining(", ")));
        System.out.println("after a complaint   " + s.complaintQuietDays() + " days without proactive messages");
        PolicySettings.MomentRules m = s.moments();
        System.out.println("moments             " + (m.postsPerDay() == 0 ? "no cap" : "at most " + m.postsPerDay() + " a day")
                + ", persona ≥ " + m.personaPercentFirstPhase() + "%" + (m.firstPhaseUntil() == null ? ""
                        : " until " + m.firstPhaseUntil()) + " then ≥ " + m.personaPercentAfter() + "% ("
                + (m.block() ? "block" : "warn") + ")");
        return null;
    }

    private static String cap(int n) {
        return n == 0 ? "no cap" : Integer.toString(n);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
