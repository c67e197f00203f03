package io.siyu.core.internal.edition;

import io.siyu.api.SiyuException;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentDraft;
import io.siyu.api.content.ContentKind;
import io.siyu.api.content.ContentService;
import io.siyu.api.org.Caller;
import io.siyu.api.org.OrgService;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.sop.SopDraft;
import io.siyu.core.internal.content.OutboundReview;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Where an edition reviews before use (the bank), the texts of an SOP made from a template go to
 * the content library at once, submitted for review, so the checker finds them in the queue and
 * the SOP can be activated once they are approved. Texts already approved are left alone.
 */
final class TemplateTexts {
    private static final Logger LOG = Logger.getLogger(TemplateTexts.class.getName());

    private TemplateTexts() {
    }

    /** @return the ids of the library items submitted for review */
    static List<Long> submit(Caller caller, OutboundReview review, ContentService contents, OrgService org,
            String editionId, String templateId, String title, SopDraft sop) {
        if (review == null || contents == null) {
            return List.of();
        }
        Set<MessageContent> seen = new java.util.HashSet<>();
        List<Long> submitted = new ArrayList<>();
        for (io.siyu.core.internal.sop.SopSend sent : io.siyu.core.internal.sop.SopSend.of(sop.steps())) {
            MessageContent text = sent.content();
            if (!(text instanceof MessageContent.Text) || !seen.add(text)) {
                continue; // provider and SMS templates are approved where they live, not as texts; once per text
            }
            try {
                review.requireReviewed(caller, sent.channelType(), sent.channelAccount(), text, "content");
                continue; // approved already
            } catch (ValidationException needsReview) {
                // submitted below
            }
            try {
                long id = contents.create(caller, new ContentDraft(ContentKind.TEXT, title,
                        Set.of("sop-template:" + editionId + "/" + templateId), ownerUnit(caller, org),
                        new ContentBody.Message(text))).id();
                contents.submit(caller, id);
                submitted.add(id);
            } catch (SiyuException refused) {
                // e.g. no org yet for an administrator's item: the operator submits the text by hand
                LOG.warning(() -> "a text of SOP template " + editionId + "/" + templateId
                        + " could not be submitted for review: " + refused.getMessage());
            }
        }
        return submitted;
    }

    /** A staff member's items belong to their unit; an administrator's to the top of the org. */
    private static String ownerUnit(Caller caller, OrgService org) {
        if (caller.staffId() != null || org == null) {
            return null;
        }
        return org.units(caller).stream().filter(u -> u.parentId() == null).map(OrgUnit::id).findFirst().orElse(null);
    }
}
