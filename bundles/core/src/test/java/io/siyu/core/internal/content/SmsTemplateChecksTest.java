package io.siyu.core.internal.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an SMS template must be when written, each problem on the field to fix. */
class SmsTemplateChecksTest {
    static List<String> fields(ContentBody.SmsTemplate t) {
        return ContentChecks.shape(ContentKind.SMS_TEMPLATE, t).stream().map(FieldError::field).toList();
    }

    @Test
    void aCompleteTemplatePasses() {
        assertEquals(List.of(), fields(new ContentBody.SmsTemplate("验证码${code}，{minutes}分钟内有效",
                List.of("code", "minutes"), "思语", Map.of("sms-tencent/main", "1001", "sms-aliyun", "SMS_1"))));
    }

    @Test
    void placeholdersAndParameterNamesMatchOneToOne() {
        List<FieldError> errors = ContentChecks.shape(ContentKind.SMS_TEMPLATE, new ContentBody.SmsTemplate(
                "验证码{code}，{minute}分钟内有效", List.of("code", "minutes"), null, Map.of("sms-aliyun", "SMS_1")));
        assertEquals(List.of("content.text", "content.parameterNames"), errors.stream().map(FieldError::field).toList());
        assertTrue(errors.get(0).message().contains("{minute}"), errors.get(0).message());
        assertEquals(List.of("content.parameterNames"), fields(new ContentBody.SmsTemplate("验证码{code}",
                List.of("code", "code"), null, Map.of("sms-aliyun", "SMS_1"))));
    }

    @Test
    void providerTemplatesAreRequiredAndNameSmsChannels() {
        assertEquals(List.of("content.providerTemplates"), fields(new ContentBody.SmsTemplate("您好", List.of(), null,
                Map.of())));
        assertEquals(List.of("content.providerTemplates"), fields(new ContentBody.SmsTemplate("您好", List.of(), null,
                Map.of("wecom/main", "1"))));
        assertEquals(List.of("content.providerTemplates.sms-tencent"), fields(new ContentBody.SmsTemplate("您好",
                List.of(), null, Map.of("sms-tencent", " "))));
    }

    @Test
    void theTextWithItsSignatureFitsTheProvidersLimit() {
        assertEquals(List.of(), fields(new ContentBody.SmsTemplate("好".repeat(496), List.of(), "思语",
                Map.of("sms-aliyun", "SMS_1"))), "500 with 【思语】");
        assertEquals(List.of("content.text"), fields(new ContentBody.SmsTemplate("好".repeat(497), List.of(), "思语",
                Map.of("sms-aliyun", "SMS_1"))));
        assertEquals(List.of("content.signName"), fields(new ContentBody.SmsTemplate("好", List.of(), "签".repeat(33),
                Map.of("sms-aliyun", "SMS_1"))));
    }
}
