package io.siyu.api.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.channel.MessageKind;
import io.siyu.api.org.Caller;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyRecordsTest {
    private static final Instant T = Instant.parse("2025-02-10T12:00:00Z");

    @Test
    void blockedDecisionsExplainThemselves() {
        assertThrows(IllegalArgumentException.class, () -> PolicyDecision.block(TouchPolicy.RULE_CHANNEL_QUOTA, " ", T));
        assertThrows(IllegalArgumentException.class, () -> PolicyDecision.block(null, "quota used", T));
        assertThrows(IllegalArgumentException.class, () -> new PolicyDecision(true, "consent", null, null));
        PolicyDecision d = PolicyDecision.block(TouchPolicy.RULE_CHANNEL_QUOTA,
                "already received a mass message today", T.plusSeconds(3600));
        assertFalse(d.allowed());
        assertTrue(PolicyDecision.ALLOWED.allowed());
    }

    @Test
    void settingsRefuseQuotasOfZeroNegativeCapsAndShareOutsidePercent() {
        assertThrows(IllegalArgumentException.class, () -> new PolicySettings.Quota(0, PolicySettings.Period.DAY, null));
        assertEquals(java.util.Set.of(MessageKind.MASS), new PolicySettings.Quota(4, PolicySettings.Period.MONTH, null).kinds());
        assertThrows(IllegalArgumentException.class, () -> new PolicySettings.MomentRules(3, 120, 50, null, true));
        PolicySettings d = PolicySettings.DEFAULTS;
        assertThrows(IllegalArgumentException.class, () -> new PolicySettings(d.brandZone(), d.quietFrom(),
                d.quietUntil(), -1, 0, null, null, 0, d.moments()));
        assertTrue(d.hasQuietHours());
    }

    @Test
    void consentIsTraceable() {
        assertThrows(IllegalArgumentException.class, () -> new Consent(1, "sms", ConsentState.OPTED_OUT, T, ""));
        assertThrows(IllegalArgumentException.class,
                () -> new TouchRequest(1, "wecom", " ", MessageKind.DIRECT, TouchScenario.AFTER_SALES, T));
    }
}
