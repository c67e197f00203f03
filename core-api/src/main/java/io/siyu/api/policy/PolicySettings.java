package io.siyu.api.policy;

import io.siyu.api.channel.MessageKind;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The brand's touch rules. Channel quotas declared by adapters apply unless {@code channelQuotas}
 * overrides them, keyed by channel type ({@code wecom}) or one account ({@code wecom/main}).
 *
 * @param brandZone the zone of calendar days, weeks and months, and of quiet hours for customers
 *        without a {@code timeZone} attribute
 * @param quietFrom start of quiet hours in the customer's zone; equal to {@code quietUntil} for none
 * @param crossChannelPerDay proactive touches per customer per day across all channels; 0 = no cap
 * @param crossChannelPerWeek the same per week (Monday to Sunday); 0 = no cap
 * @param allowedScenarios the proactive 1:1 scenarios the brand allows
 * @param complaintQuietDays days without proactive touches after a complaint
 */
public record PolicySettings(ZoneId brandZone, LocalTime quietFrom, LocalTime quietUntil, int crossChannelPerDay,
        int crossChannelPerWeek, Map<String, Quota> channelQuotas, Set<TouchScenario> allowedScenarios,
        int complaintQuietDays, MomentRules moments) {

    public enum Period {
        DAY, WEEK, MONTH
    }

    /**
     * {@code count} touches of {@code kinds} per calendar {@code per}: WeCom's 1 mass message a day,
     * a service account's 4 a month.
     */
    public record Quota(int count, Period per, Set<MessageKind> kinds) {
        public Quota {
            if (count < 1) {
                throw new IllegalArgumentException("a quota allows at least 1 touch; remove it to lift the limit");
            }
            Objects.requireNonNull(per, "per");
            kinds = kinds == null || kinds.isEmpty() ? Set.of(MessageKind.MASS) : Set.copyOf(kinds);
        }
    }

    /**
     * Moments (朋友圈): at most {@code postsPerDay} per staff member, and at least the given share of
     * persona (IP) content among a day's posts, higher during the first phase.
     *
     * @param block true to block a post that breaks a rule, false to allow it with a warning
     */
    public record MomentRules(int postsPerDay, int personaPercentFirstPhase, int personaPercentAfter,
            LocalDate firstPhaseUntil, boolean block) {
        public MomentRules {
            if (postsPerDay < 0) {
                throw new IllegalArgumentException("postsPerDay must not be negative");
            }
            if (personaPercentFirstPhase < 0 || personaPercentFirstPhase > 100 || personaPercentAfter < 0
                    || personaPercentAfter > 100) {
                throw new IllegalArgumentException("persona shares are percentages from 0 to 100");
            }
        }
    }

    /** The seeds' rules: quiet 21:00-08:00 Beijing time, ~3 moments a day, persona ≥ 70% then ≥ 50%. */
    public static final PolicySettings DEFAULTS = new PolicySettings(ZoneId.of("Asia/Shanghai"), LocalTime.of(21, 0),
            LocalTime.of(8, 0), 2, 6, Map.of(), EnumSet.allOf(TouchScenario.class), 30,
            new MomentRules(3, 70, 50, null, false));

    public PolicySettings {
        Objects.requireNonNull(brandZone, "brandZone");
        Objects.requireNonNull(quietFrom, "quietFrom");
        Objects.requireNonNull(quietUntil, "quietUntil");
        if (crossChannelPerDay < 0 || crossChannelPerWeek < 0 || complaintQuietDays < 0) {
            throw new IllegalArgumentException("caps and days must not be negative");
        }
        channelQuotas = channelQuotas == null ? Map.of() : Map.copyOf(channelQuotas);
        allowedScenarios = allowedScenarios == null ? Set.of() : Set.copyOf(allowedScenarios);
        Objects.requireNonNull(moments, "moments");
    }

    public boolean hasQuietHours() {
        return !quietFrom.equals(quietUntil);
    }
}
