package io.siyu.channel.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.channel.SendResult;
import io.siyu.channel.kit.ApiResult.TransportFailure.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderErrorsTest {
    private final ProviderErrors errors = ProviderErrors.defaults();

    @Test
    void transientProviderCodes() {
        assertEquals(new SendResult.TransientFailure("-1", "system busy", null), errors.failure(-1, "system busy"));
        assertEquals(new SendResult.TransientFailure("45009", "api freq out of limit", Duration.ofSeconds(60)),
                errors.failure(new ApiResult.ProviderError(45009, "api freq out of limit")));
        assertEquals(new SendResult.TransientFailure("45033", "api concurrent out of limit", null),
                errors.failure(45033, "api concurrent out of limit"));
        // still bad after AccessTokens.call refreshed and retried: transient, as SendResult asks
        for (int code : new int[] {40014, 42001, 40001}) {
            assertTrue(errors.failure(code, "token") instanceof SendResult.TransientFailure, "code " + code);
        }
    }

    @Test
    void permanentProviderCodesKeepCodeAndMessage() {
        int[] codes = {48002, 41051, 43101, 40003, 81013, 40037, 47003, 45157, 40013};
        for (int code : codes) {
            SendResult r = errors.failure(code, "msg " + code);
            assertEquals(new SendResult.PermanentFailure(Integer.toString(code), "msg " + code), r);
            assertFalse(errors.isTransient(code));
        }
    }

    @Test
    void transportFailuresAreTransient() {
        assertEquals(new SendResult.TransientFailure(null, "HTTP 502", null), errors.failure(new ApiResult.HttpFailure(502)));
        assertEquals(new SendResult.TransientFailure(null, "HTTP 404", null), errors.failure(new ApiResult.HttpFailure(404)));
        assertEquals(new SendResult.TransientFailure(null, "timeout: no answer within 400 ms", null),
                errors.failure(new ApiResult.TransportFailure(Kind.TIMEOUT, "no answer within 400 ms")));
        assertEquals(new SendResult.TransientFailure(null, "I/O error: ConnectException", null),
                errors.failure(new ApiResult.TransportFailure(Kind.IO, "ConnectException")));
        assertEquals(new SendResult.TransientFailure(null, "unreadable answer", null),
                errors.failure(new ApiResult.TransportFailure(Kind.BAD_RESPONSE, null)));
    }

    @Test
    void okIsNoFailureButMapsThroughToSendResult() throws Exception {
        ApiResult ok = new ApiResult.Ok(new ObjectMapper().readTree("{\"errcode\":0,\"msgid\":123}"));
        assertThrows(IllegalArgumentException.class, () -> errors.failure(ok));
        assertThrows(IllegalArgumentException.class, () -> errors.failure(0, "ok"));
        assertEquals(SendResult.Accepted.of("123"),
                errors.toSendResult(ok, body -> SendResult.Accepted.of(body.path("msgid").asText())));
        assertEquals(new SendResult.PermanentFailure("48002", "api forbidden"),
                errors.toSendResult(new ApiResult.ProviderError(48002, "api forbidden"), body -> {
                    throw new AssertionError("not accepted");
                }));
    }

    @Test
    void hintsAndExtraCodesAreConfigurable() {
        ProviderErrors hourly = errors.withTransient(45009, Duration.ofMinutes(60)).withTransient(45047, null);
        assertEquals(Duration.ofMinutes(60),
                ((SendResult.TransientFailure) hourly.failure(45009, "freq")).retryAfter());
        assertTrue(hourly.failure(45047, "out of limit") instanceof SendResult.TransientFailure);
        // the defaults are untouched
        assertEquals(Duration.ofSeconds(60), ((SendResult.TransientFailure) errors.failure(45009, "freq")).retryAfter());
        assertTrue(errors.failure(45047, "out of limit") instanceof SendResult.PermanentFailure);
    }

    @Test
    void secretsInMessagesAreMasked() {
        SendResult r = errors.failure(40001, "invalid credential, access_token=abcdef");
        assertEquals("invalid credential, access_token=***", ((SendResult.TransientFailure) r).message());
    }
}
