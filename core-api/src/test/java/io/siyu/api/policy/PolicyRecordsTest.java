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
    void checkAllAnswersInOrder() {
        TouchPolicy quietAfterNoon = (caller, r) -> r.at().isBefore(T) ? PolicyDecision.ALLOWED
                : PolicyDecision.block(TouchPolicy.RULE_QUIET_HOURS, "quiet hours", null);
        List<PolicyDecision> ds = quietAfterNoon.checkAll(Caller.SYSTEM, List.of(
                new TouchRequest(1, "wecom", "main", MessageKind.MASS, null, T.minusSeconds(1)),
                new TouchRequest(1, "wecom", "main", MessageKind.MASS, null, T)));
        assertEquals(List.of(true, false), ds.stream().map(PolicyDecision::allowed).toList());
    }

    @Test
    void consentIsTraceable() {
        assertThrows(IllegalArgumentException.class, () -> new Consent(1, "sms", ConsentState.OPTED_OUT, T, ""));
        assertThrows(IllegalArgumentException.class,
                () -> new TouchRequest(1, "wecom", " ", MessageKind.DIRECT, TouchScenario.AFTER_SALES, T));
    }
}
