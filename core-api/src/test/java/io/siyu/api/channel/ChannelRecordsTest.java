package io.siyu.api.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.policy.TouchScenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelRecordsTest {
    private static final ChannelIdentity ALICE = ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "corp1", "wmAlice");
    private static final ChannelIdentity BOB = ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "corp1", "wmBob");
    private static final MessageContent HELLO = MessageContent.Text.of("hello");

    private static OutboundMessage message(MessageKind kind, List<ChannelIdentity> to, List<String> groups,
            MessageContent content) {
        return new OutboundMessage("k-1", "wecom", "main", kind, to, groups, content, TouchScenario.AFTER_SALES,
                "zhangsan", null);
    }

    @Test
    void limitsRejectNegativeQuotasAndEmptyCalls() {
        assertThrows(IllegalArgumentException.class, () -> new ChannelLimits(100, -1, Duration.ofDays(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new ChannelLimits(100, 1, Duration.ofDays(1), -5));
        assertThrows(IllegalArgumentException.class, () -> new ChannelLimits(0, 1, Duration.ofDays(1), 0));
        assertEquals(Duration.ZERO, new ChannelLimits(10_000, 0, null, 0).receiveQuotaWindow());
    }

    @Test
    void customerMessagesNeedRecipientsAndGroupMessagesNeedGroups() {
        assertDoesNotThrow(() -> message(MessageKind.MASS, List.of(ALICE, BOB), null, HELLO));
        assertDoesNotThrow(() -> message(MessageKind.GROUP, null, List.of("wrChat1"), HELLO));
        assertThrows(IllegalArgumentException.class, () -> message(MessageKind.MASS, List.of(), null, HELLO));
        assertThrows(IllegalArgumentException.class, () -> message(MessageKind.GROUP, List.of(ALICE), List.of("wrChat1"), HELLO));
        assertThrows(IllegalArgumentException.class, () -> message(MessageKind.DIRECT, List.of(ALICE), List.of("wrChat1"), HELLO));
    }

    @Test
    void welcomeHasOneRecipientAndTemplateKindNeedsTemplateContent() {
        assertThrows(IllegalArgumentException.class, () -> message(MessageKind.WELCOME, List.of(ALICE, BOB), null, HELLO));
        assertThrows(IllegalArgumentException.class, () -> message(MessageKind.TEMPLATE, List.of(ALICE), null, HELLO));
        MessageContent template = new MessageContent.Template("tpl-1", Map.of("thing1", "Your order shipped"), null, null);
        assertDoesNotThrow(() -> message(MessageKind.TEMPLATE, List.of(ALICE), null, template));
    }

    @Test
    void messageKeysAreBoundedAndRecipientsCopied() {
        List<ChannelIdentity> to = new ArrayList<>(List.of(ALICE));
        OutboundMessage m = message(MessageKind.DIRECT, to, null, HELLO);
        to.add(BOB);
        assertEquals(List.of(ALICE), m.recipients());
        assertEquals("wecom/main", m.channelKey());
        assertThrows(IllegalArgumentException.class, () -> new OutboundMessage("x".repeat(129), "wecom", "main",
                MessageKind.DIRECT, List.of(ALICE), null, HELLO, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new OutboundMessage(" ", "wecom", "main",
                MessageKind.DIRECT, List.of(ALICE), null, HELLO, null, null, null));
    }

    @Test
    void textNeedsTextOrAttachment() {
        assertThrows(IllegalArgumentException.class, () -> new MessageContent.Text("  ", List.of()));
        MessageContent.Text imageOnly = new MessageContent.Text(null, List.of(new Attachment.Image("https://x/y.png")));
        assertEquals("", imageOnly.text());
        assertThrows(IllegalArgumentException.class, () -> new Attachment.Link("", "https://x", null, null));
    }

    @Test
    void failuresCarryWhatTheProviderSaid() {
        assertThrows(IllegalArgumentException.class, () -> new SendResult.PermanentFailure(null, "not a friend"));
        assertThrows(IllegalArgumentException.class,
                () -> new SendResult.TransientFailure("45009", "too fast", Duration.ofSeconds(-1)));
        assertTrue(SendResult.Accepted.of("msg-1").rejectedRecipients().isEmpty());
    }

    @Test
    void deliveryStatusNamesTheMessageAndExplainsFailures() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertThrows(IllegalArgumentException.class,
                () -> new DeliveryStatus("wecom/main", null, null, ALICE, DeliveryState.SENT, null, null, now));
        assertThrows(IllegalArgumentException.class,
                () -> new DeliveryStatus("wecom/main", "k-1", null, ALICE, DeliveryState.FAILED, "3", null, now));
        assertDoesNotThrow(() -> new DeliveryStatus("wechat-oa/main", null, "200228332", null, DeliveryState.DELIVERED,
                null, null, now));
        assertTrue(DeliveryState.CANCELLED.isFinal());
        assertFalse(DeliveryState.SENT.isFinal());
    }

    @Test
    void healthPairsErrorWithItsTime() {
        assertThrows(IllegalArgumentException.class,
                () -> new ChannelHealth(ChannelHealth.Status.DEGRADED, null, "45009", null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ChannelHealth(ChannelHealth.Status.UP, Duration.ofSeconds(-1), null, null, null));
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        ChannelHealth limited = new ChannelHealth(ChannelHealth.Status.DEGRADED, Duration.ofMinutes(5), "45009", now,
                now.plusSeconds(60));
        assertTrue(limited.rateLimitedAt(now.plusSeconds(30)));
        assertFalse(limited.rateLimitedAt(now.plusSeconds(60)));
    }

    @Test
    void callbackRequestIgnoresHeaderCaseAndKeepsBodyBytes() {
        byte[] body = "<xml/>".getBytes(StandardCharsets.UTF_8);
        CallbackRequest r = new CallbackRequest("post",
                Map.of("msg_signature", List.of("abc")),
                Map.of("Content-Type", List.of("text/xml")), body);
        body[0] = 'X';
        assertEquals("POST", r.method());
        assertEquals("text/xml", r.header("content-type"));
        assertEquals("text/xml", r.header("CONTENT-TYPE"));
        assertEquals("abc", r.queryParam("msg_signature"));
        assertNull(r.queryParam("nonce"));
        assertEquals("<xml/>", r.bodyAsString());
        r.body()[0] = 'Y';
        assertEquals("<xml/>", r.bodyAsString());
        assertEquals(r, new CallbackRequest("POST", Map.of("msg_signature", List.of("abc")),
                Map.of("content-type", List.of("text/xml")), "<xml/>".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oversizeCallbackIsRejectedWith413() {
        CallbackRejected e = assertThrows(CallbackRejected.class,
                () -> new CallbackRequest("POST", null, null, new byte[CallbackRequest.MAX_BODY_BYTES + 1]));
        assertEquals(CallbackRejected.Reason.TOO_LARGE, e.reason());
        assertEquals(413, e.status());
    }

    @Test
    void callbackResponseHelpers() {
        CallbackResponse echo = CallbackResponse.text("1616140317555161061");
        assertEquals(200, echo.status());
        assertArrayEquals("1616140317555161061".getBytes(StandardCharsets.UTF_8), echo.body());
        assertThrows(IllegalArgumentException.class, () -> new CallbackResponse(99, CallbackResponse.TEXT, null));
    }

    @Test
    void adaptersWithoutInFlightCheckSaySo() {
        ChannelDescriptor d = new ChannelDescriptor("sms-tencent", "main", null, Set.of(ChannelCapability.TEMPLATE_MESSAGE), null);
        ChannelAdapter sms = new ChannelAdapter() {
            @Override
            public ChannelDescriptor descriptor() {
                return d;
            }

            @Override
            public SendResult send(OutboundMessage message) {
                return SendResult.Accepted.of("serial-1");
            }

            @Override
            public ChannelHealth health() {
                return ChannelHealth.up(null);
            }
        };
        assertFalse(sms.canCheckInFlight());
        assertEquals(Optional.empty(), sms.inboundCallback());
        assertThrows(UnsupportedOperationException.class, () -> sms.checkInFlight(null, Instant.EPOCH));
        assertEquals(ChannelCapability.TEMPLATE_MESSAGE, MessageKind.TEMPLATE.capability());
    }
}
