package io.siyu.api.audit;

/** The actions the core records. Editions and channels may record their own, named the same way. */
public final class AuditActions {
    /** A customer profile read (customer 360) by a person; subject {@code customer}. */
    public static final String CUSTOMER_READ = "customer.read";
    /** Customers exported (CSV, segment members); subject what was exported, detail how many. */
    public static final String CUSTOMER_EXPORT = "customer.export";
    /** A message stored in the outbox; subject {@code outbox} with its idempotency key. */
    public static final String MESSAGE_SEND = "message.send";
    /**
     * A message queued by an administrator without the touch policy; subject {@code outbox} with its
     * idempotency key, detail the reason given. @since 1.1
     */
    public static final String MESSAGE_SEND_UNCHECKED = "message.send.unchecked";
    public static final String CONTENT_SUBMIT = "content.submit";
    public static final String CONTENT_APPROVE = "content.approve";
    public static final String CONTENT_REJECT = "content.reject";
    public static final String CONTENT_WITHDRAW = "content.withdraw";
    /** The compliance word lists or disclosures changed. */
    public static final String COMPLIANCE_CHANGE = "compliance.change";

    private AuditActions() {
    }
}
