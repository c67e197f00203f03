package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.masssend.MassSendDraft;
import io.siyu.api.policy.PolicySettings;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyAndMassSendJsonTest {
    @Test
    void settingsChangeOnlyTheFieldsGivenAndNameEveryBadOne() {
        PolicySettings s = PolicyResource.settings(new PolicyResource.SettingsJson(null,
                new PolicyResource.QuietJson("22:30", null), null,
                Map.of("wechat-oa", new PolicyResource.QuotaJson(4, "month", List.of("mass"))), null, null, null),
                PolicySettings.DEFAULTS);
        assertEquals(LocalTime.of(22, 30), s.quietFrom());
        assertEquals(PolicySettings.DEFAULTS.quietUntil(), s.quietUntil());
        assertEquals(4, s.channelQuotas().get("wechat-oa").count());
        assertEquals(PolicySettings.DEFAULTS.crossChannelPerDay(), s.crossChannelPerDay());
        assertEquals(s, PolicyResource.settings(PolicyResource.SettingsJson.of(s), PolicySettings.DEFAULTS),
                "what GET shows, PUT takes back unchanged");

        ValidationException e = assertThrows(ValidationException.class, () -> PolicyResource.settings(
                new PolicyResource.SettingsJson("Moon/Base", new PolicyResource.QuietJson("7pm", null),
                        new PolicyResource.CrossJson(-1, null), Map.of("wecom", new PolicyResource.QuotaJson(0, "day", null)),
                        List.of("spam"), null, new PolicyResource.MomentsJson(null, 101, null, "soon", "maybe")),
                PolicySettings.DEFAULTS));
        assertEquals(List.of("brandZone", "quietHours.from", "crossChannel.perDay", "channelQuotas.wecom",
                "allowedScenarios", "moments.personaPercentFirstPhase", "moments.firstPhaseUntil", "moments.mode"),
                e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void aMassSendDraftFromJsonNamesMissingAndBadFields() {
        MassSendDraft d = MassSendResource.draft(new MassSendResource.Input("双十二", new MassSendResource.AudienceJson(7L,
                null), "wecom/main", null, "{name}您好", null, null, "2026-12-12T10:00:00+08:00"));
        assertEquals(MessageKind.MASS, d.kind());
        assertEquals(7L, d.audience().segmentId());
        assertEquals("2026-12-12T02:00:00Z", d.scheduledAt().toString());
        ValidationException e = assertThrows(ValidationException.class, () -> MassSendResource.draft(
                new MassSendResource.Input("x", new MassSendResource.AudienceJson(7L, List.of(1L)), "wecom", "blast",
                        "hi", null, null, "tomorrow")));
        assertEquals(List.of("channel", "kind", "audience", "scheduledAt"),
                e.errors().stream().map(FieldError::field).toList());
    }
}
