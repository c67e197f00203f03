package io.siyu.api.audit;

/**
 * The result of walking the chain.
 *
 * @param checked entries whose hash was recomputed
 * @param lastSeq the last entry the chain head records
 * @param headHash the chain head's hash: noted down outside the database (a ticket, a signed
 *        report), it lets a later verification prove the log still extends it, which a rewrite of
 *        the whole chain cannot fake; null for an empty log
 * @param firstBrokenSeq the first entry that does not match (changed, or missing, or the head
 *        disagreeing with the last entry); null when the chain is intact
 * @param problem what is wrong at {@code firstBrokenSeq}; null when intact
 */
public record AuditVerification(long checked, long lastSeq, String headHash, Long firstBrokenSeq, String problem) {
    public boolean intact() {
        return firstBrokenSeq == null;
    }
}
