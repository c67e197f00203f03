package io.siyu.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The canonical form an audit entry is hashed in. Every field is length-prefixed, so no choice of
 * values can make two different entries hash alike ("ab"+"c" versus "a"+"bc"); a null field is
 * distinct from an empty one. Changing this breaks every stored chain: it is the format.
 */
final class AuditChain {
    private AuditChain() {
    }

    static String hash(String previousHash, long seq, Instant at, String actor, String action, String subjectType,
            String subjectId, String detail) {
        StringBuilder canonical = new StringBuilder(256).append(previousHash).append('\n').append(seq).append('\n')
                .append(at.toEpochMilli()).append('\n');
        for (String field : new String[] {actor, action, subjectType, subjectId, detail}) {
            if (field == null) {
                canonical.append("-1:");
            } else {
                canonical.append(field.length()).append(':').append(field);
            }
            canonical.append('\n');
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
