package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentKind;
import io.siyu.api.content.ContentState;
import io.siyu.api.content.ContentVersion;
import io.siyu.rest.internal.Dto.IdentityJson;
import io.siyu.rest.internal.OutboxResource.MessageInput;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.core.SecurityContext;
import org.junit.jupiter.api.Test;

class OutboxResourceTest {
    @Test
    void aMessageFromJsonKeepsEveryPartTheAdapterNeeds() {
        Instant[] notBefore = new Instant[1];
        OutboundMessage m = OutboxResource.message(new MessageInput("promo-1111:42", "wecom/main", "mass",
                List.of(new IdentityJson("wecom", "ww1", "wm-1")), null, "双十一", null, null, "zhangsan",
                "major_promotion", Map.of("wecom.x", "y"), "2026-11-11T00:00:00Z", null, null, null), notBefore);
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
                        "hi", null, null, null, "spam", null, "tomorrow", null, null, null), new Instant[1]));
        assertEquals(List.of("channel", "idempotencyKey", "kind", "notBefore", "recipients[0].type", "scenario"),
                e.errors().stream().map(FieldError::field).sorted().toList());
    }

    @Test
    void aMessageWithoutRecipientsIsRefusedOnRecipients() {
        ValidationException e = assertThrows(ValidationException.class, () -> OutboxResource.message(
                new MessageInput("k", "wecom/main", "direct", List.of(), null, "hi", null, null, null, null, null,
                        null, null, null, null), new Instant[1]));
        assertEquals("recipients", e.errors().get(0).field());
    }

    /** A content library holding one item, read as {@code ContentService.get} answers for everyone. */
    private static io.siyu.api.content.ContentService library(ContentItem item) {
        return (io.siyu.api.content.ContentService) java.lang.reflect.Proxy.newProxyInstance(
                OutboxResourceTest.class.getClassLoader(), new Class<?>[] {io.siyu.api.content.ContentService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("get") && (long) args[1] == item.id()) {
                        return item;
                    }
                    throw new io.siyu.api.NotFoundException("content", args[1]);
                });
    }

    @Test
    void anSmsPreviewRendersTheLibraryTemplateWithItsSignatureAndCountsItsParts() {
        ContentVersion approved = new ContentVersion(7, 2, "验证码", Set.of(), new ContentBody.SmsTemplate(
                "您的验证码是{code}，{minutes}分钟内有效。", List.of("code", "minutes"), "思语",
                Map.of("sms-tencent/main", "1001")), ContentState.APPROVED, "maker", Instant.EPOCH, "checker",
                Instant.EPOCH, null);
        ServiceAccess access = new ServiceAccess();
        access.contents = library(new ContentItem(7, ContentKind.SMS_TEMPLATE, "hq", "maker", Instant.EPOCH, approved,
                approved));
        OutboxResource.MessageResource resource = new OutboxResource.MessageResource(access);
        SecurityContext admin = BackupResourceTest.as("admin", "admin");

        OutboxResource.SmsPreviewJson p = resource.smsPreview(new OutboxResource.SmsPreviewInput(7L,
                Map.of("code", "123456", "minutes", "5"), null), admin);
        assertEquals(new OutboxResource.SmsPreviewJson("【思语】您的验证码是123456，5分钟内有效。", "ucs-2", 24, 1, 24, 1, 2,
                "approved"), p);
        OutboxResource.SmsPreviewJson gsm = resource.smsPreview(new OutboxResource.SmsPreviewInput(null, null,
                "a".repeat(161)), admin);
        assertEquals("gsm-7", gsm.encoding());
        assertEquals(2, gsm.segments());
        assertEquals(3, gsm.mainlandSegments());
        ValidationException missing = assertThrows(ValidationException.class, () -> resource.smsPreview(
                new OutboxResource.SmsPreviewInput(7L, Map.of("code", "1"), null), admin));
        assertEquals("params", missing.errors().get(0).field());
        assertTrue(missing.getMessage().contains("minutes"), missing.getMessage());
        assertThrows(io.siyu.api.NotFoundException.class, () -> resource.smsPreview(
                new OutboxResource.SmsPreviewInput(8L, Map.of(), null), admin));
        assertEquals("contentId", assertThrows(ValidationException.class, () -> resource.smsPreview(
                new OutboxResource.SmsPreviewInput(null, null, null), admin)).errors().get(0).field());
    }

    @Test
    void anSmsMessageNamesItsLibraryTemplateByContentId() {
        OutboundMessage m = OutboxResource.message(new MessageInput("sms-1", "sms-aliyun/main", "template",
                List.of(new IdentityJson("phone", null, "+8613800000001")), null, null, null,
                new OutboxResource.TemplateJson(null, 7L, Map.of("code", "123456"), null), null, null, null, null,
                null, null, null), new Instant[1]);
        assertEquals(new MessageContent.LibraryTemplate(7, Map.of("code", "123456")), m.content());
        ValidationException both = assertThrows(ValidationException.class, () -> OutboxResource.message(
                new MessageInput("sms-2", "sms-aliyun/main", "template", List.of(new IdentityJson("phone", null,
                        "+8613800000001")), null, null, null, new OutboxResource.TemplateJson("SMS_1", 7L, Map.of(), null),
                        null, null, null, null, null, null, null), new Instant[1]));
        assertEquals("template", both.errors().get(0).field());
    }

    @Test
    void anEmailCarriesItsSubjectAndBothBodies() {
        OutboundMessage m = OutboxResource.message(new MessageInput("mail-1", "email/main", "direct",
                List.of(new IdentityJson("email", null, "li@example.com")), null, null, null, null, null, null, null,
                null, new OutboxResource.EmailJson("双十一 {name}", "<p>您好 {name}</p>", "您好 {name}"), null, null), new Instant[1]);
        MessageContent.Email email = (MessageContent.Email) m.content();
        assertEquals("双十一 {name}", email.subject());
        assertEquals("<p>您好 {name}</p>", email.html());
        assertEquals("您好 {name}", email.text());
    }

    @Test
    void anEmailWithoutSubjectIsRefusedOnEmail() {
        ValidationException e = assertThrows(ValidationException.class, () -> OutboxResource.message(
                new MessageInput("mail-2", "email/main", "direct", List.of(new IdentityJson("email", null, "a@b.c")),
                        null, null, null, null, null, null, null, null, new OutboxResource.EmailJson(" ", "<p>x</p>", null), null, null),
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
