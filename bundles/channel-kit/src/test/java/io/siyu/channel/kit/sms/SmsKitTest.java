package io.siyu.channel.kit.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.channel.kit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmsKitTest {

    @Test
    void phoneNumbersBecomeE164OrNull() {
        assertEquals("+8613800138000", PhoneNumbers.e164("+8613800138000"));
        assertEquals("+8613800138000", PhoneNumbers.e164("138 0013 8000"));
        assertEquals("+8613800138000", PhoneNumbers.e164("008613800138000"));
        assertEquals("+14155550100", PhoneNumbers.e164("+1 (415) 555-0100"));
        assertNull(PhoneNumbers.e164("12345"));
        assertNull(PhoneNumbers.e164("+0123456789"));
        assertNull(PhoneNumbers.e164("wmAbc"));
        assertEquals("+8613800138000", PhoneNumbers.fromCallback("86", "13800138000"));
        assertEquals("+8613800138000", PhoneNumbers.fromCallback(null, "13800138000"));
        assertEquals("+85291234567", PhoneNumbers.fromCallback(null, "85291234567"));
        assertEquals("13800138000", PhoneNumbers.national("+8613800138000"));
        assertEquals("85291234567", PhoneNumbers.national("+85291234567"));
    }

    @Test
    void optOutKeywordsAreRecognisedWhateverTheirCaseOrWidth() {
        for (String yes : List.of("TD", "td", " Td ", "T", "t", "n", "N", "退订", " 退订。", "ＴＤ", "TD!")) {
            assertTrue(OptOut.isOptOut(yes), yes);
        }
        for (String no : List.of("", "TDD", "退订了吗", "thanks", "T D", "收到")) {
            assertFalse(OptOut.isOptOut(no), no);
        }
        assertEquals("TD", OptOut.keyword("ｔｄ"));
        assertNull(OptOut.keyword(null));
    }

    @Test
    void theRateLimiterSpacesCallsAndHoldsThemDuringAProviderBlock() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<Duration> waits = new ArrayList<>();
        RateLimiter limiter = new RateLimiter(4, clock, d -> {
            waits.add(d);
            clock.advance(d);
        });
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.acquire());
        }
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(250),
                Duration.ofMillis(250)), waits);
        assertEquals(Instant.parse("2026-01-01T00:00:01Z"), clock.instant(), "5 calls at 4/s take a second");
        limiter.blockUntil(clock.instant().plusSeconds(10));
        waits.clear();
        limiter.acquire();
        assertEquals(List.of(Duration.ofSeconds(10)), waits);
        assertNull(limiter.blockedUntil());
        RateLimiter unlimited = new RateLimiter(0, clock, d -> {
            throw new AssertionError("no wait without a limit");
        });
        assertTrue(unlimited.acquire() && unlimited.acquire());
    }

    @Test
    void callbacksNeedTheConfiguredSecretAndPost() {
        CallbackSecret secret = new CallbackSecret("s3cret");
        secret.check(new CallbackRequest("POST", Map.of("token", List.of("s3cret")), Map.of(), new byte[0]));
        CallbackRejected wrong = assertThrows(CallbackRejected.class, () -> secret.check(
                new CallbackRequest("POST", Map.of("token", List.of("guess")), Map.of(), new byte[0])));
        assertEquals(401, wrong.status());
        assertEquals(405, assertThrows(CallbackRejected.class, () -> secret.check(
                new CallbackRequest("GET", Map.of("token", List.of("s3cret")), Map.of(), new byte[0]))).status());
        CallbackRejected none = assertThrows(CallbackRejected.class, () -> new CallbackSecret(" ").check(
                new CallbackRequest("POST", Map.of("token", List.of("")), Map.of(), new byte[0])));
        assertTrue(none.getMessage().contains("callbackToken"), none.getMessage());
    }
}
