package io.siyu.core.internal.content;

import io.siyu.api.FieldError;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentQuery;
import io.siyu.api.content.ContentService;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.org.Caller;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Review before use, as the active editions' compliance rules ask ({@code reviewBeforeUse}): the
 * content must equal the approved version of a library item the caller sees (their units and those
 * above). Content libraries hold hundreds of items, not millions, so the approved ones are read and
 * compared each time; a send is rare next to its recipients.
 */
@Component(service = OutboundReview.class)
public final class OutboundReviewImpl implements OutboundReview {
    private final EditionRegistry editions;
    private final ContentService contents;

    @Activate
    public OutboundReviewImpl(@Reference EditionRegistry editions, @Reference ContentService contents) {
        this.editions = editions;
        this.contents = contents;
    }

    @Override
    public void requireReviewed(Caller caller, String channelType, String channelAccount, MessageContent content,
            String field) {
        if (SmsTemplates.check(contents, caller, channelType, channelAccount, content, field) != null) {
            return; // an approved library template, resolved for this channel
        }
        Optional<String> requiring = editions.editions().stream().map(EditionDescriptor::id)
                .filter(id -> editions.content(id).map(c -> c.compliance().reviewBeforeUse()).orElse(false))
                .findFirst();
        if (requiring.isEmpty() || approved(caller, content)) {
            return;
        }
        throw new ValidationException(FieldError.of(field, "the " + requiring.get() + " edition sends reviewed content"
                + " only: use the approved version of an item of the content library (POST /siyu/api/v1/contents,"
                + " submit it and have it approved), word for word"));
    }

    private boolean approved(Caller caller, MessageContent content) {
        for (int offset = 0;; offset += PageRequest.MAX_LIMIT) {
            Page<ContentItem> page = contents.list(caller, new ContentQuery(null, null, null, true,
                    new PageRequest(offset, PageRequest.MAX_LIMIT)));
            for (ContentItem item : page.items()) {
                if (item.approved() != null && item.approved().body() instanceof ContentBody.Message m
                        && m.content().equals(content)) {
                    return true;
                }
            }
            if (!page.hasMore() || page.items().isEmpty()) {
                return false;
            }
        }
    }

}
