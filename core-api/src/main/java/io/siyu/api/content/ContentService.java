package io.siyu.api.content;

import io.siyu.api.Page;
import io.siyu.api.org.Caller;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The content library with maker-checker review. A caller sees the content of their unit's subtree
 * and of the units above it (head-office content serves every branch); head office sees all.
 * Content outside that reads exactly like missing content. Implemented by the core only.
 */
@ProviderType
public interface ContentService {
    /** Needs {@code content.create}; the owner unit must be the caller's own unit or below it (any unit for head office). */
    ContentItem create(Caller caller, ContentDraft draft);

    /** @throws io.siyu.api.NotFoundException if there is no such item in the caller's sight */
    ContentItem get(Caller caller, long id);

    Page<ContentItem> list(Caller caller, ContentQuery query);

    /** Every version, newest first. */
    List<ContentVersion> versions(Caller caller, long id);

    /** Every state change, oldest first. */
    List<ContentTransition> history(Caller caller, long id);

    /**
     * Changes the text: a draft is changed in place; an approved, rejected or withdrawn item gets a
     * new draft version (an approved version stays usable until the new one is approved). Kind and
     * owner unit cannot change.
     *
     * @throws io.siyu.api.ConflictException while the latest version is pending review
     */
    ContentItem update(Caller caller, long id, ContentDraft draft);

    /**
     * Sends the latest draft to review after the compliance checks.
     *
     * @throws io.siyu.api.ValidationException with one problem per sensitive word, missing risk
     *         disclosure and edition finding, paths into the content ({@code content.text})
     * @throws io.siyu.api.ConflictException unless the latest version is a draft
     */
    ContentItem submit(Caller caller, long id);

    /**
     * Approves the version under review. The approver holds {@code content.approve}, is neither its
     * author nor its submitter, and sits in the owning unit or above it. The checks run again, since
     * word lists may have changed since submission.
     *
     * @param comment may be null
     * @throws io.siyu.api.ForbiddenException naming the rule that refuses the caller
     */
    ContentItem approve(Caller caller, long id, String comment);

    /** Sends the version under review back; the same rule as {@link #approve}, and a reason is required. */
    ContentItem reject(Caller caller, long id, String reason);

    /**
     * Takes the approved version out of use, with a reason: by its approver's peers (the approve
     * rule) or by anyone who may edit the item.
     */
    ContentItem withdraw(Caller caller, long id, String reason);

    /** The sensitive words content must not contain; needs {@code content.create} or {@code content.approve}. */
    List<String> sensitiveWords(Caller caller);

    /**
     * Replaces the list; needs {@code content.approve} at head office (staff of a root unit, or scope
     * ALL without a staff record). Returns the stored list.
     */
    List<String> putSensitiveWords(Caller caller, List<String> words);

    /** The risk disclosures configured for this installation (editions may declare more). */
    List<RiskDisclosure> riskDisclosures(Caller caller);

    /** Replaces the configured disclosures; needs {@code content.approve} at head office. */
    List<RiskDisclosure> putRiskDisclosures(Caller caller, List<RiskDisclosure> disclosures);
}
