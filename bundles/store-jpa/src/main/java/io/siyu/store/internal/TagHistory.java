package io.siyu.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import javax.persistence.EntityManager;

/**
 * Writes tag.added / tag.removed events to customer_event inside the transaction that changes the
 * tags, so the timeline never disagrees with the tags stored (TagSets). Ids are random UUIDs: unique without
 * coordination between nodes.
 */
final class TagHistory {
    static final String ADDED = "tag.added";
    static final String REMOVED = "tag.removed";
    /** The channel of events Siyu writes about itself. */
    static final String CHANNEL = "siyu";

    private static final InstantConverter INSTANTS = new InstantConverter();
    private static final String INSERT = "INSERT INTO customer_event"
            + " (event_id, customer_id, event_type, channel, occurred_at, received_at, properties)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** What was put on or taken off. */
    record TagRef(long id, String name, String group) {
        static TagRef of(TagEntity t) {
            return new TagRef(t.id(), t.name(), t.group());
        }
    }

    private TagHistory() {
    }

    static void record(EntityManager em, long customerId, String type, TagRef tag, String by, Instant now) {
        write(em, customerId, type, eventId(), properties(tag, by), now);
    }

    /** One event Siyu writes about a customer in the caller's transaction; {@code properties} is JSON. */
    static void write(EntityManager em, long customerId, String type, String eventId, String properties, Instant now) {
        Timestamp at = INSTANTS.convertToDatabaseColumn(now);
        em.createNativeQuery(INSERT).setParameter(1, eventId).setParameter(2, customerId).setParameter(3, type)
                .setParameter(4, CHANNEL).setParameter(5, at).setParameter(6, at)
                .setParameter(7, properties).executeUpdate();
    }

    static void record(Connection c, Collection<Long> customerIds, String type, TagRef tag, String by, Instant now)
            throws SQLException {
        if (customerIds.isEmpty()) {
            return;
        }
        Timestamp at = INSTANTS.convertToDatabaseColumn(now);
        String properties = properties(tag, by);
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (long id : customerIds) {
                ps.setString(1, eventId());
                ps.setLong(2, id);
                ps.setString(3, type);
                ps.setString(4, CHANNEL);
                ps.setTimestamp(5, at);
                ps.setTimestamp(6, at);
                ps.setString(7, properties);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String eventId() {
        return "tag-" + UUID.randomUUID();
    }

    /** {tagId, tagName, group, by}: the names as they were, since tags may be renamed or deleted later. */
    static String properties(TagRef tag, String by) {
        return "{\"tagId\":" + tag.id() + ",\"tagName\":" + quote(tag.name()) + ",\"group\":" + quote(tag.group())
                + ",\"by\":" + quote(by) + "}";
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
