package io.siyu.store.internal;

import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentState;
import io.siyu.store.ConsentRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

final class JdbcConsentRepository implements ConsentRepository {
    private final JdbcTransactions jdbc;
    private final InstantConverter instants = new InstantConverter();

    JdbcConsentRepository(DataSource dataSource) {
        this.jdbc = new JdbcTransactions(dataSource);
    }

    @Override
    public Optional<Consent> record(Consent consent, Instant recordedAt) {
        // Retried: a merge taking the customer away mid-way makes the retry land on the survivor.
        return jdbc.retrying("recording consent", c -> record(c, consent, recordedAt), stored -> true);
    }

    private Optional<Consent> record(Connection c, Consent consent, Instant recordedAt) throws SQLException {
        // Lock the customer row: concurrent statements for one customer apply one after the other.
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM customer WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, consent.customerId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    Optional<Long> survivor = aliasTarget(c, consent.customerId());
                    return survivor.isEmpty() ? Optional.empty() : record(c, new Consent(survivor.get(),
                            consent.channelType(), consent.state(), consent.changedAt(), consent.source()), recordedAt);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO consent_history"
                + " (customer_id, channel_type, state, changed_at, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, consent.customerId());
            ps.setString(2, consent.channelType());
            ps.setString(3, consent.state().name());
            ps.setTimestamp(4, instants.convertToDatabaseColumn(consent.changedAt()));
            ps.setString(5, consent.source());
            ps.setTimestamp(6, instants.convertToDatabaseColumn(recordedAt));
            ps.executeUpdate();
        }
        Optional<Consent> stored = find(c, consent.customerId(), consent.channelType());
        if (stored.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer_consent"
                    + " (customer_id, channel_type, state, changed_at, source) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, consent.customerId());
                ps.setString(2, consent.channelType());
                ps.setString(3, consent.state().name());
                ps.setTimestamp(4, instants.convertToDatabaseColumn(consent.changedAt()));
                ps.setString(5, consent.source());
                ps.executeUpdate();
            }
            return Optional.of(consent);
        }
        // Provider callbacks arrive out of order: an older statement is history, not news.
        if (consent.changedAt().isBefore(stored.get().changedAt())) {
            return stored;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE customer_consent SET state = ?, changed_at = ?, source = ?"
                + " WHERE customer_id = ? AND channel_type = ?")) {
            ps.setString(1, consent.state().name());
            ps.setTimestamp(2, instants.convertToDatabaseColumn(consent.changedAt()));
            ps.setString(3, consent.source());
            ps.setLong(4, consent.customerId());
            ps.setString(5, consent.channelType());
            ps.executeUpdate();
        }
        return Optional.of(consent);
    }

    /** The profile a merged-away id now names; aliases are flat, so one lookup is enough. */
    private static Optional<Long> aliasTarget(Connection c, long aliasId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM customer_alias WHERE alias_id = ?")) {
            ps.setLong(1, aliasId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) != aliasId ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private Optional<Consent> find(Connection c, long customerId, String channelType) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT channel_type, state, changed_at, source FROM customer_consent"
                + " WHERE customer_id = ? AND channel_type = ?")) {
            ps.setLong(1, customerId);
            ps.setString(2, channelType);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(customerId, rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Consent> current(long customerId) {
        return jdbc.read("reading consent", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT channel_type, state, changed_at, source"
                    + " FROM customer_consent WHERE customer_id = ? ORDER BY channel_type")) {
                ps.setLong(1, customerId);
                List<Consent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(customerId, rs));
                    }
                }
                return out;
            }
        });
    }

    private Consent read(long customerId, ResultSet rs) throws SQLException {
        return new Consent(customerId, rs.getString(1), ConsentState.valueOf(rs.getString(2)),
                instants.convertToEntityAttribute(rs.getTimestamp(3)), rs.getString(4));
    }
}
