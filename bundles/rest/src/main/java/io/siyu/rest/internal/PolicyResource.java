package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.policy.MomentCheck;
import io.siyu.api.policy.MomentRequest;
import io.siyu.api.policy.PolicyDecision;
import io.siyu.api.policy.PolicySettings;
import io.siyu.api.policy.TouchRequest;
import io.siyu.api.policy.TouchScenario;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/**
 * The touch policy: its settings (administrators change them), and explained decisions: may this
 * customer be reached on this channel now, and if not, by which rule and from when.
 */
@Path("policy")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class PolicyResource {
    private final ServiceAccess services;

    PolicyResource(ServiceAccess services) {
        this.services = services;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DecisionJson(boolean allowed, String rule, String reason, String allowedFrom) {
        static DecisionJson of(PolicyDecision d) {
            return new DecisionJson(d.allowed(), d.ruleId(), d.reason(),
                    d.allowedFrom() == null ? null : d.allowedFrom().toString());
        }
    }

    record CheckInput(Long customerId, String channel, String kind, String scenario, String at) {
    }

    record MomentInput(String staffId, Boolean persona, String at) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MomentJson(boolean allowed, String rule, String reason, String allowedFrom, List<String> warnings,
            int postedToday, int personaToday) {
    }

    record QuietJson(String from, String until) {
    }

    record CrossJson(Integer perDay, Integer perWeek) {
    }

    record QuotaJson(Integer count, String per, List<String> kinds) {
    }

    record MomentsJson(Integer postsPerDay, Integer personaPercentFirstPhase, Integer personaPercentAfter,
            String firstPhaseUntil, String mode) {
    }

    /** The settings; on PUT, absent fields keep their current values. */
    record SettingsJson(String brandZone, QuietJson quietHours, CrossJson crossChannel,
            Map<String, QuotaJson> channelQuotas, List<String> allowedScenarios, Integer complaintQuietDays,
            MomentsJson moments) {
        static SettingsJson of(PolicySettings s) {
            Map<String, QuotaJson> quotas = new TreeMap<>();
            s.channelQuotas().forEach((k, q) -> quotas.put(k, new QuotaJson(q.count(), lower(q.per()),
                    q.kinds().stream().sorted().map(PolicyResource::lower).toList())));
            PolicySettings.MomentRules m = s.moments();
            return new SettingsJson(s.brandZone().getId(), new QuietJson(s.quietFrom().toString(),
                    s.quietUntil().toString()), new CrossJson(s.crossChannelPerDay(), s.crossChannelPerWeek()), quotas,
                    s.allowedScenarios().stream().sorted().map(PolicyResource::lower).toList(), s.complaintQuietDays(),
                    new MomentsJson(m.postsPerDay(), m.personaPercentFirstPhase(), m.personaPercentAfter(),
                            m.firstPhaseUntil() == null ? null : m.firstPhaseUntil().toString(),
                            m.block() ? "block" : "warn"));
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @GET
    @Path("settings")
    public SettingsJson settings() {
        return SettingsJson.of(services.policy().settings());
    }

    @PUT
    @Path("settings")
    public Response update(SettingsJson in, @Context SecurityContext security) {
        Response denied = BackupResource.refuseNonAdmin(security, "to change the touch policy");
        if (denied != null) {
            return denied;
        }
        PolicySettings next = settings(CustomerResource.requireBody(in), services.policy().settings());
        return Response.ok(SettingsJson.of(services.policy().updateSettings(Callers.of(security), next))).build();
    }

    @POST
    @Path("check")
    public DecisionJson check(CheckInput input, @Context SecurityContext security) {
        CheckInput in = CustomerResource.requireBody(input);
        List<FieldError> errors = new ArrayList<>();
        if (in.customerId() == null) {
            errors.add(FieldError.of("customerId", "is required"));
        }
        String[] channel = in.channel() == null ? new String[0] : in.channel().split("/", -1);
        if (channel.length != 2 || channel[0].isBlank() || channel[1].isBlank()) {
            errors.add(FieldError.of("channel", "is required as type/account, e.g. wecom/main"));
        }
        MessageKind kind = parse(MessageKind.class, in.kind() == null ? "mass" : in.kind(), "kind", errors);
        TouchScenario scenario = in.scenario() == null ? null : parse(TouchScenario.class, in.scenario(), "scenario", errors);
        Instant at = time(in.at(), "at", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return DecisionJson.of(services.policy().check(Callers.of(security),
                new TouchRequest(in.customerId(), channel[0], channel[1], kind, scenario, at)));
    }

    @POST
    @Path("moments/check")
    public MomentJson checkMoment(MomentInput input, @Context SecurityContext security) {
        MomentInput in = CustomerResource.requireBody(input);
        List<FieldError> errors = new ArrayList<>();
        if (in.staffId() == null || in.staffId().isBlank()) {
            errors.add(FieldError.of("staffId", "is required"));
        }
        Instant at = time(in.at(), "at", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        MomentCheck c = services.policy().checkMoment(Callers.of(security),
                new MomentRequest(in.staffId(), Boolean.TRUE.equals(in.persona()), at));
        PolicyDecision d = c.decision();
        return new MomentJson(d.allowed(), d.ruleId(), d.reason(), d.allowedFrom() == null ? null
                : d.allowedFrom().toString(), c.warnings(), c.postedToday(), c.personaToday());
    }

    static Instant time(String text, String field, List<FieldError> errors) {
        if (text == null) {
            return Instant.now();
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            errors.add(FieldError.of(field, "is an ISO-8601 time with offset, e.g. 2026-11-23T10:00:00+08:00"));
            return null;
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text, String field, List<FieldError> errors) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            errors.add(FieldError.of(field, "'" + text + "' is not one of "
                    + EnumSet.allOf(type).toString().toLowerCase(Locale.ROOT)));
            return null;
        }
    }

    /** The input over the current settings, every bad field named. */
    static PolicySettings settings(SettingsJson in, PolicySettings base) {
        List<FieldError> errors = new ArrayList<>();
        ZoneId zone = base.brandZone();
        if (in.brandZone() != null) {
            try {
                zone = ZoneId.of(in.brandZone());
            } catch (DateTimeException e) {
                errors.add(FieldError.of("brandZone", "is an IANA time zone such as Asia/Shanghai"));
            }
        }
        LocalTime from = base.quietFrom();
        LocalTime until = base.quietUntil();
        if (in.quietHours() != null) {
            from = in.quietHours().from() == null ? from : timeOfDay(in.quietHours().from(), "quietHours.from", errors);
            until = in.quietHours().until() == null ? until : timeOfDay(in.quietHours().until(), "quietHours.until", errors);
        }
        int perDay = base.crossChannelPerDay();
        int perWeek = base.crossChannelPerWeek();
        if (in.crossChannel() != null) {
            perDay = count(in.crossChannel().perDay(), perDay, "crossChannel.perDay", 0, errors);
            perWeek = count(in.crossChannel().perWeek(), perWeek, "crossChannel.perWeek", 0, errors);
        }
        Map<String, PolicySettings.Quota> quotas = base.channelQuotas();
        if (in.channelQuotas() != null) {
            quotas = new LinkedHashMap<>();
            for (Map.Entry<String, QuotaJson> e : in.channelQuotas().entrySet()) {
                String field = "channelQuotas." + e.getKey();
                QuotaJson q = e.getValue();
                if (q == null || q.count() == null || q.count() < 1 || q.per() == null) {
                    errors.add(FieldError.of(field, "needs count ≥ 1 and per (day, week or month)"));
                    continue;
                }
                PolicySettings.Period per = parse(PolicySettings.Period.class, q.per(), field + ".per", errors);
                Set<MessageKind> kinds = EnumSet.noneOf(MessageKind.class);
                for (String k : q.kinds() == null ? List.<String>of() : q.kinds()) {
                    MessageKind kind = parse(MessageKind.class, k, field + ".kinds", errors);
                    if (kind != null) {
                        kinds.add(kind);
                    }
                }
                if (per != null) {
                    quotas.put(e.getKey(), new PolicySettings.Quota(q.count(), per, kinds));
                }
            }
        }
        Set<TouchScenario> scenarios = base.allowedScenarios();
        if (in.allowedScenarios() != null) {
            scenarios = EnumSet.noneOf(TouchScenario.class);
            for (String s : in.allowedScenarios()) {
                TouchScenario t = parse(TouchScenario.class, String.valueOf(s), "allowedScenarios", errors);
                if (t != null) {
                    scenarios.add(t);
                }
            }
        }
        int quietDays = count(in.complaintQuietDays(), base.complaintQuietDays(), "complaintQuietDays", 0, errors);
        PolicySettings.MomentRules m = base.moments();
        if (in.moments() != null) {
            MomentsJson j = in.moments();
            int posts = count(j.postsPerDay(), m.postsPerDay(), "moments.postsPerDay", 0, errors);
            int first = percent(j.personaPercentFirstPhase(), m.personaPercentFirstPhase(), "moments.personaPercentFirstPhase", errors);
            int after = percent(j.personaPercentAfter(), m.personaPercentAfter(), "moments.personaPercentAfter", errors);
            LocalDate phase = m.firstPhaseUntil();
            if (j.firstPhaseUntil() != null) {
                try {
                    phase = j.firstPhaseUntil().isBlank() ? null : LocalDate.parse(j.firstPhaseUntil());
                } catch (DateTimeException e) {
                    errors.add(FieldError.of("moments.firstPhaseUntil", "is a date YYYY-MM-DD, or empty for none"));
                }
            }
            boolean block = m.block();
            if (j.mode() != null) {
                if (!j.mode().equals("block") && !j.mode().equals("warn")) {
                    errors.add(FieldError.of("moments.mode", "is block or warn"));
                }
                block = j.mode().equals("block");
            }
            m = errors.isEmpty() ? new PolicySettings.MomentRules(posts, first, after, phase, block) : m;
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new PolicySettings(zone, from, until, perDay, perWeek, quotas, scenarios, quietDays, m);
    }

    private static LocalTime timeOfDay(String text, String field, List<FieldError> errors) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeException e) {
            errors.add(FieldError.of(field, "is a time of day HH:MM"));
            return LocalTime.MIDNIGHT;
        }
    }

    private static int count(Integer value, int fallback, String field, int min, List<FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        if (value < min) {
            errors.add(FieldError.of(field, "must be a whole number ≥ " + min + " (0 = no cap)"));
            return fallback;
        }
        return value;
    }

    private static int percent(Integer value, int fallback, String field, List<FieldError> errors) {
        if (value != null && (value < 0 || value > 100)) {
            errors.add(FieldError.of(field, "is a percentage from 0 to 100"));
            return fallback;
        }
        return value == null ? fallback : value;
    }
}
