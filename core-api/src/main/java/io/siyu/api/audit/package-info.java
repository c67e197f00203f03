/**
 * The audit log: an append-only record of customer-data reads, exports, content reviews and every
 * message handed to the outbox. Each entry carries a SHA-256 over the previous entry's hash and its
 * own fields, so a changed, removed or inserted entry breaks the chain at that entry and
 * {@link io.siyu.api.audit.AuditLog#verify} names it.
 *
 * <p>1.1: {@link io.siyu.api.audit.AuditActions#MESSAGE_SEND_UNCHECKED}.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.siyu.api.audit;
