package io.siyu.channel.wechatoa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.MessageContent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OaMessagesTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void templateDataBecomesValueObjects() {
        MessageContent.Template t = new MessageContent.Template("TPL", Map.of("keyword2", "39.8元", "first", "您好"),
                "https://shop.test/o/1", new Attachment.MiniProgram("wxmini", "pages/order?id=1", null, null));
        assertEquals("{\"touser\":\"oX\",\"template_id\":\"TPL\",\"url\":\"https://shop.test/o/1\","
                + "\"miniprogram\":{\"appid\":\"wxmini\",\"pagepath\":\"pages/order?id=1\"},\"client_msg_id\":\"k-1\","
                + "\"data\":{\"first\":{\"value\":\"您好\"},\"keyword2\":{\"value\":\"39.8元\"}}}",
                OaMessages.template(mapper, "oX", t, "k-1").toString());
        MessageContent.Template bare = new MessageContent.Template("TPL", Map.of(), null, null);
        assertEquals("{\"touser\":\"oX\",\"template_id\":\"TPL\",\"data\":{}}",
                OaMessages.template(mapper, "oX", bare, null).toString());
    }

    @Test
    void massTextGoesToATag() {
        assertEquals("{\"filter\":{\"is_to_all\":false,\"tag_id\":134},\"msgtype\":\"text\",\"text\":{\"content\":\"早\"},"
                + "\"clientmsgid\":\"m\"}", OaMessages.massText(mapper, 134, "早", "m").toString());
    }

    @Test
    void clientMsgIdsFitTheSixtyFourBytesThePlatformAllows() {
        assertEquals("campaign-7#3", OaMessages.clientMsgId("campaign-7#3"));
        String longKey = "k".repeat(100);
        String hashed = OaMessages.clientMsgId(longKey);
        assertTrue(hashed.startsWith("siyu-") && hashed.length() <= OaMessages.MAX_CLIENT_MSG_ID);
        assertEquals(hashed, OaMessages.clientMsgId(longKey));
        assertTrue(OaMessages.clientMsgId("订单/1").startsWith("siyu-"), "not plain ASCII: digested");
        assertEquals("abc", MassSender.baseKey("abc#12"));
        assertEquals("abc", MassSender.baseKey("abc"));
    }
}
