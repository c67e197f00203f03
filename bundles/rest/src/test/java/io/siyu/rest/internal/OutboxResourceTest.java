package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.rest.internal.Dto.IdentityJson;
import io.siyu.rest.internal.OutboxResource.MessageInput;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxResourceTest {
    @Test
    void aMessageFromJsonKeepsEveryPartTheAdapterNeeds() {
        Instant[] notBefore = new Instant[1];
        OutboundMessage m = OutboxResource.message(new MessageInput("promo-1111:42", "wecom/main", "mass",
                List.of(new IdentityJson("wecom", "ww1", "wm-1")), null, "双十一", null, null, "zhangsan",
                "major_promotion", Map.of("wecom.x", "y"), "2026-11-11T00:00:00Z", null), notBefore);
        assertEquals(MessageKind.MASS, m.kind());
        assertEquals("wecom/main", m.channelKey());
        assertEquals("ww1", m.recipients().get(0).namespace());
        assertEquals("双十一", ((MessageContent.Text) m.content()).text());
        assertEquals(Instant.parse("2026-11-11T00:00:00Z"), notBefore[0]);
    }

    @Test
    void badMessagesNameEveryBadField() {
        ValidationException e = assertThrows(ValidationException.class, () -> OutboxResource.message(
                new MessageInput("has space", "wecom", "shout", List.of(new IdentityJson("fax", null, "1")), null,
                        "hi", null, null, null, "spam", null, "tomorrow", null), new Instant[1]));
        assertEquals(List.of("channel", "idempotencyKey", "kind", "notBefore", "recipients[0].type", "scenario"),
                e.errors().stream().map(FieldError::field).sorted().toList());
    }

    @Test
    void aMessageWithoutRecipientsIsRefusedOnRecipients() {
        ValidationException e = assertThrows(ValidationException.class, () -> OutboxResource.message(
                new MessageInput("k", "wecom/main", "direct", List.of(), null, "hi", null, null, null, null, null,
                        null, null), new Instant[1]));
        assertEquals("recipients", e.errors().get(0).field());
    }

    @Test
    void anSmsPreviewRendersTheTemplateWithItsSignatureAndCountsItsParts() {
        OutboxResource.MessageResource resource = new OutboxResource.MessageResource(null);
        OutboxResource.SmsPreviewJson p = resource.smsPreview(new OutboxResource.SmsPreviewInput(null,
                "您的验证码是{1}，{2}分钟内有效。", Map.of("1", "123456", "2", "5"), "思语"));
        assertEquals(new OutboxResource.SmsPreviewJson("【思语】您的验证码是123456，5分钟内有效。", "ucs-2", 24, 1, 24, 1), p);
        OutboxResource.SmsPreviewJson gsm = resource.smsPreview(new OutboxResource.SmsPreviewInput("a".repeat(161),
                null, null, null));
        assertEquals("gsm-7", gsm.encoding());
        assertEquals(2, gsm.segments());
        assertEquals(3, gsm.mainlandSegments());
        ValidationException missing = assertThrows(ValidationException.class, () -> resource.smsPreview(
                new OutboxResource.SmsPreviewInput(null, "验证码{1}", Map.of(), null)));
        assertEquals("params", missing.errors().get(0).field());
        assertThrows(ValidationException.class, () -> resource.smsPreview(new OutboxResource.SmsPreviewInput(null,
                null, null, null)));
    }

    @Test
    void anEmailCarriesItsSubjectAndBothBodies() {
        OutboundMessage m = OutboxResource.message(new MessageInput("mail-1", "email/main", "direct",
                List.of(new IdentityJson("email", null, "li@example.com")), null, null, null, null, null, null, null,
                null, new OutboxResource.EmailJson("双十一 {name}", "<p>您好 {name}</p>", "您好 {name}")), new Instant[1]);
        MessageContent.Email email = (MessageContent.Email) m.content();
        assertEquals("双十一 {name}", email.subject());
        assertEquals("<p>您好 {name}</p>", email.html());
        assertEquals("您好 {name}", email.text());
    }

    @Test
    void anEmailWithoutSubjectIsRefusedOnEmail() {
        ValidationException e = assertThrows(ValidationException.class, () -> OutboxResource.message(
                new MessageInput("mail-2", "email/main", "direct", List.of(new IdentityJson("email", null, "a@b.c")),
                        null, null, null, null, null, null, null, null, new OutboxResource.EmailJson(" ", "<p>x</p>", null)),
                new Instant[1]));
        assertEquals("email", e.errors().get(0).field());
    }

    @Test
    void callbackQueriesAreDecodedOnceSoBase64SurvivesIntact() {
        Map<String, List<String>> q = CallbackServlet.query("msg_signature=abc&timestamp=1409659589&nonce=263014780"
                + "&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D");
        assertEquals("P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
                q.get("echostr").get(0));
        assertEquals(List.of("263014780"), q.get("nonce"));
    }
}
