/**
 * Follow-up records (跟进记录): what a staff member did with a customer — a call, a WeCom chat, a
 * visit — what came of it, the attribute changes it brought (a lead's stage) and the next
 * follow-up, which becomes a task. Each record is a {@code follow.up} event on the customer's
 * timeline; the attribute changes appear there as {@code attribute.changed}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.siyu.api.followup;
