package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentDraft;
import io.siyu.api.content.ContentKind;
import io.siyu.api.content.ContentState;
import io.siyu.api.content.ContentVersion;
import io.siyu.rest.internal.ContentResource.BodyJson;
import io.siyu.rest.internal.ContentResource.ContentInput;
import io.siyu.rest.internal.OutboxResource.LinkJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentResourceTest {
    @Test
    void eachKindReadsItsPartOfTheBody() {
        ContentDraft article = new ContentInput("article", "理财早报", Set.of("wealth-product"), "sh", new BodyJson("今日回顾",
                List.of(new LinkJson("早报", "https://bank.example/1", null, null)), null, null, null, null, null,
                null)).toDraft();
        assertEquals(ContentKind.ARTICLE, article.kind());
        MessageContent.Text text = (MessageContent.Text) ((ContentBody.Message) article.body()).content();
        assertEquals(new Attachment.Link("早报", "https://bank.example/1", null, null), text.attachments().get(0));

        ContentDraft sms = new ContentInput("sms-template", "验证码", null, null, new BodyJson("验证码{1}", null, null, null,
                null, List.of("1"), "思语", Map.of("sms-tencent/main", "123"))).toDraft();
        assertEquals(new ContentBody.SmsTemplate("验证码{1}", List.of("1"), "思语", Map.of("sms-tencent/main", "123")),
                sms.body());

        ContentDraft email = new ContentInput("email", "月报", null, null, new BodyJson(null, null, null, "十一月月报",
                "<p>hi</p>", null, null, null)).toDraft();
        assertEquals(new MessageContent.Email("十一月月报", "<p>hi</p>", null), ((ContentBody.Message) email.body()).content());
    }

    @Test
    void badInputNamesTheField() {
        ValidationException kind = assertThrows(ValidationException.class, () -> new ContentInput("poster", "x", null, null,
                new BodyJson("x", null, null, null, null, null, null, null)).toDraft());
        assertEquals("kind", kind.errors().get(0).field());
        ValidationException email = assertThrows(ValidationException.class, () -> new ContentInput("email", "x", null,
                null, new BodyJson("x", null, null, null, null, null, null, null)).toDraft());
        assertEquals(List.of("content"), email.errors().stream().map(FieldError::field).toList(), "no subject");
        ValidationException sms = assertThrows(ValidationException.class, () -> new ContentInput("sms-template", "x",
                null, null, new BodyJson(" ", null, null, null, null, null, null, Map.of("sms-aliyun", "SMS_1"))).toDraft());
        assertEquals("content.text", sms.errors().get(0).field());
        ValidationException title = assertThrows(ValidationException.class, () -> new ContentInput("script", " ", null,
                null, new BodyJson("x", null, null, null, null, null, null, null)).toDraft());
        assertEquals("title", title.errors().get(0).field());
    }

    @Test
    void anSmsTemplateShowsItsLengthAndParts() {
        ContentVersion v = new ContentVersion(1, 1, "t", Set.of(), new ContentBody.SmsTemplate("尊".repeat(65),
                List.of(), "思语银行", Map.of("sms-aliyun", "SMS_1")), ContentState.DRAFT, "me", Instant.EPOCH, null, null, null);
        ContentResource.SmsLengthJson sms = ContentResource.VersionJson.of(v).sms();
        assertEquals(new ContentResource.SmsLengthJson("ucs-2", 71, 2, 71, 2), sms);
    }
}
