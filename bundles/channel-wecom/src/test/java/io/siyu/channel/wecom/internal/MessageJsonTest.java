package io.siyu.channel.wecom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.MessageContent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void textAndAttachmentsAsWeComDocumentsThem() throws Exception {
        ObjectNode body = json.createObjectNode();
        assertNull(MessageJson.fill(body, new MessageContent.Text("hello", List.of(
                new Attachment.Image("https://example.com/a.png"),
                new Attachment.Image("MEDIA_IMG"),
                new Attachment.Link("Title", "https://example.com", "desc", "https://example.com/p.png"),
                new Attachment.MiniProgram("wxapp", "pages/a", "Open", "MEDIA_COVER"),
                new Attachment.Video("MEDIA_VID"),
                new Attachment.File("MEDIA_FILE")))));
        assertEquals(json.readTree("""
                {"text":{"content":"hello"},"attachments":[
                 {"msgtype":"image","image":{"pic_url":"https://example.com/a.png"}},
                 {"msgtype":"image","image":{"media_id":"MEDIA_IMG"}},
                 {"msgtype":"link","link":{"title":"Title","picurl":"https://example.com/p.png","desc":"desc","url":"https://example.com"}},
                 {"msgtype":"miniprogram","miniprogram":{"title":"Open","pic_media_id":"MEDIA_COVER","appid":"wxapp","page":"pages/a"}},
                 {"msgtype":"video","video":{"media_id":"MEDIA_VID"}},
                 {"msgtype":"file","file":{"media_id":"MEDIA_FILE"}}]}"""), body);
    }

    @Test
    void whatWeComCannotCarryIsAPermanentFailure() {
        assertEquals("unsupported-content", MessageJson.fill(json.createObjectNode(),
                new MessageContent.Template("t1", Map.of(), null, null)).providerCode());
        assertEquals("too-many-attachments", MessageJson.fill(json.createObjectNode(), new MessageContent.Text("",
                java.util.Collections.nCopies(10, new Attachment.Image("MEDIA"))) ).providerCode());
        assertEquals("content-too-long", MessageJson.fill(json.createObjectNode(),
                MessageContent.Text.of("a".repeat(4_001))).providerCode());
        assertNull(MessageJson.fill(json.createObjectNode(), MessageContent.Text.of("a".repeat(4_000))));
        assertEquals("incomplete-attachment", MessageJson.fill(json.createObjectNode(), new MessageContent.Text("",
                List.of(new Attachment.MiniProgram("wxapp", "p", null, "MEDIA")))).providerCode());
        assertEquals("attachment-needs-media-id", MessageJson.fill(json.createObjectNode(), new MessageContent.Text("",
                List.of(new Attachment.File("https://example.com/f.pdf")))).providerCode());
    }
}
