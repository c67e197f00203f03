package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.Moments;
import io.siyu.rest.internal.ChannelOperationsResource.AttachmentInput;
import io.siyu.rest.internal.ChannelOperationsResource.MomentInput;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelOperationsResourceTest {
    @Test
    void aMomentFromJsonKeepsItsAttachmentsAndAudience() {
        Moments.Moment m = ChannelOperationsResource.moment(new MomentInput("新品上市", List.of(
                new AttachmentInput("IMAGE", "media-1", null, null)), List.of("zhangsan"), List.of("et-vip"), true));
        assertEquals("新品上市", m.text());
        assertEquals(new Attachment.Image("media-1"), m.attachments().get(0));
        assertEquals(List.of("zhangsan"), m.senderUserIds());
        assertEquals(List.of("et-vip"), m.tagIds());
        Moments.Moment link = ChannelOperationsResource.moment(new MomentInput(null, List.of(
                new AttachmentInput("link", null, "活动", "https://example.com")), null, null, null));
        assertInstanceOf(Attachment.Link.class, link.attachments().get(0));
    }

    @Test
    void badAttachmentsAreNamedOneByOne() {
        ValidationException e = assertThrows(ValidationException.class, () -> ChannelOperationsResource.moment(
                new MomentInput("x", Arrays.asList(new AttachmentInput("gif", "m", null, null),
                        new AttachmentInput("image", " ", null, null), new AttachmentInput("link", null, "t", null),
                        null), null, null, null)));
        assertEquals(List.of("attachments[0].type", "attachments[1]", "attachments[2]", "attachments[3].type"),
                e.errors().stream().map(FieldError::field).toList());
        assertEquals("body", assertThrows(ValidationException.class, () -> ChannelOperationsResource.moment(null))
                .errors().get(0).field());
    }
}
