package io.siyu.api.event;

/**
 * The event types Siyu itself knows, and the property names they share. Types are dotted lower-case
 * strings so editions can add their own ({@code lead.stage-changed}) without changing this API.
 */
public final class EventTypes {
    private EventTypes() {
    }

    public static final String MESSAGE_IN = "message.in";
    public static final String MESSAGE_OUT = "message.out";
    public static final String ARTICLE_VIEW = "article.view";
    public static final String LINK_CLICK = "link.click";
    /** Recorded on the reader, with {@link #SHARER} naming who shared, so share chains can be drawn. */
    public static final String SHARE = "share";
    public static final String ORDER = "order";
    public static final String REFUND = "refund";
    public static final String GROUP_JOIN = "group.join";
    public static final String GROUP_LEAVE = "group.leave";
    public static final String STORE_VISIT = "store.visit";
    public static final String FORM_SUBMIT = "form.submit";
    public static final String LIVE_RESERVATION = "live.reservation";
    public static final String LIVE_VIEW = "live.view";
    public static final String COUPON_ISSUED = "coupon.issued";
    public static final String COUPON_REDEEMED = "coupon.redeemed";
    public static final String TAG_ADDED = "tag.added";
    public static final String TAG_REMOVED = "tag.removed";
    public static final String SEGMENT_ENTERED = "segment.entered";
    public static final String SEGMENT_LEFT = "segment.left";
    /** The customer added a staff member (WeCom add_external_contact), with {@link #CHANNEL_CODE}. */
    public static final String CONTACT_ADDED = "contact.added";
    /** The customer and a staff member are no longer contacts (either side deleted). */
    public static final String CONTACT_REMOVED = "contact.removed";
    /** Followed an official account; with {@link #CHANNEL_CODE} for a parameter QR scene. */
    public static final String FOLLOW = "follow";
    public static final String UNFOLLOW = "unfollow";
    /** The customer complained (reported spam, asked to be left alone): proactive touches pause. */
    public static final String COMPLAINT = "complaint";
    /** Another profile was merged into this one; with {@link #MERGE_ID} and {@link #MERGED_ID}. */
    public static final String CUSTOMER_MERGED = "customer.merged";
    /** A merge into this profile was undone; with {@link #MERGE_ID} and {@link #MERGED_ID}. */
    public static final String CUSTOMER_UNMERGED = "customer.unmerged";
    /**
     * An update changed an attribute (a lead's stage, the owner…): with {@link #ATTRIBUTE},
     * {@link #FROM}, {@link #TO} (absent when unset) and {@link #BY}. Written by Siyu in the update's
     * transaction, one event per changed attribute.
     */
    public static final String ATTRIBUTE_CHANGED = "attribute.changed";
    /**
     * A staff member followed up with the customer (a call, a visit…): with {@link #STAFF_ID},
     * {@code method}, {@code note}, {@code outcome} and, when planned, {@code nextAt}.
     */
    public static final String FOLLOW_UP = "follow.up";

    /** Decimal number in the currency's major unit (yuan), on orders and refunds. */
    public static final String AMOUNT = "amount";
    public static final String ORDER_ID = "orderId";
    public static final String ITEMS = "items";
    public static final String STORE = "store";
    /** The sharing customer of a {@link #SHARE}: a customer id or an identity's string form. */
    public static final String SHARER = "sharer";
    /** The entry point: WeCom contact-way {@code state}, official-account QR scene. */
    public static final String CHANNEL_CODE = "channelCode";
    public static final String STAFF_ID = "staffId";
    public static final String GROUP_CHAT_ID = "groupChatId";
    public static final String URL = "url";
    public static final String TAG_ID = "tagId";
    public static final String SEGMENT_ID = "segmentId";
    public static final String COUPON_ID = "couponId";
    public static final String MERGE_ID = "mergeId";
    /** The id of the profile merged away (now an alias). */
    public static final String MERGED_ID = "mergedId";
    public static final String ATTRIBUTE = "attribute";
    public static final String FROM = "from";
    public static final String TO = "to";
    /** Who made a change: a realm user name, or {@code system}. */
    public static final String BY = "by";
}
