package io.siyu.store.internal;

import io.siyu.api.event.EventTypes;
import io.siyu.store.NewEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * follow_event (schema 22): the follow and unfollow events again, indexed by account and time for
 * follower growth, so that customer_event needs no index for them. Written in the transaction that
 * stores the events; deleted with them by its key.
 */
final class FollowEvents {
    static final Set<String> TYPES = Set.of(EventTypes.FOLLOW, EventTypes.UNFOLLOW);

    private static final InstantConverter INSTANTS = new InstantConverter();

    private FollowEvents() {
    }

    /** Copies the follow and unfollow events among {@code stored} (events just inserted). */
    static void record(Connection c, List<NewEvent> stored) throws SQLException {
        List<NewEvent> follows = stored.stream().filter(e -> TYPES.contains(e.type())).toList();
        if (follows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO follow_event (event_id, channel, event_type, occurred_at) VALUES (?, ?, ?, ?)")) {
            for (NewEvent e : follows) {
                ps.setString(1, e.id());
                ps.setString(2, e.channel());
                ps.setString(3, e.type());
                ps.setTimestamp(4, INSTANTS.convertToDatabaseColumn(e.occurredAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Fills follow_event from customer_event, as schema 22 did: after a restore, which backs up only the events. */
    static void rebuild(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO follow_event (event_id, channel, event_type, occurred_at)"
                    + " SELECT event_id, channel, event_type, occurred_at FROM customer_event"
                    + " WHERE event_type IN ('" + EventTypes.FOLLOW + "', '" + EventTypes.UNFOLLOW + "')");
        }
    }
}
