package io.siyu.store.internal;

import io.siyu.api.channel.ChannelCodeInfo;
import io.siyu.store.ChannelCodeRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Channel codes in plain JDBC; staff and tag lists are stored comma-separated (userids have no commas). */
final class JdbcChannelCodeRepository implements ChannelCodeRepository {
    private static final String COLUMNS = "id, name, channel_type, channel_account, state, provider_code_id,"
            + " qr_code_url, staff, tag_ids, welcome_text, skip_verify, created_at, created_by";

    private final JdbcTransactions jdbc;
    private final InstantConverter instants = new InstantConverter();

    JdbcChannelCodeRepository(DataSource dataSource) {
        this.jdbc = new JdbcTransactions(dataSource);
    }

    @Override
    public ChannelCodeInfo insert(ChannelCodeInfo code) {
        return jdbc.inTransaction("storing a channel code", c -> {
            long id;
            int slash = code.channel().indexOf('/');
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO channel_code (name, channel_type,"
                    + " channel_account, state, provider_code_id, qr_code_url, staff, tag_ids, welcome_text, skip_verify,"
                    + " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, code.name());
                ps.setString(2, code.channel().substring(0, slash));
                ps.setString(3, code.channel().substring(slash + 1));
                ps.setString(4, code.state());
                ps.setString(5, code.providerCodeId());
                ps.setString(6, code.qrCodeUrl());
                ps.setString(7, String.join(",", code.staffUserIds()));
                ps.setString(8, code.tagIds().stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
                ps.setString(9, code.welcomeText());
                ps.setBoolean(10, code.skipVerify());
                ps.setTimestamp(11, instants.convertToDatabaseColumn(code.createdAt()));
                ps.setString(12, code.createdBy());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            return find(c, "id = ?", id).orElseThrow();
        }, x -> true);
    }

    @Override
    public List<ChannelCodeInfo> list() {
        return jdbc.read("listing channel codes", c -> {
            List<ChannelCodeInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM channel_code ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<ChannelCodeInfo> find(long id) {
        return jdbc.read("reading a channel code", c -> find(c, "id = ?", id));
    }

    @Override
    public Optional<ChannelCodeInfo> findByState(String state) {
        return jdbc.read("reading a channel code", c -> find(c, "state = ?", state));
    }

    private Optional<ChannelCodeInfo> find(Connection c, String where, Object param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM channel_code WHERE " + where)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public boolean delete(long id) {
        return jdbc.inTransaction("deleting a channel code", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM channel_code WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        }, x -> true);
    }

    private ChannelCodeInfo read(ResultSet rs) throws SQLException {
        String staff = rs.getString(8);
        String tags = rs.getString(9);
        Set<Long> tagIds = tags.isEmpty() ? Set.of()
                : Arrays.stream(tags.split(",")).map(Long::valueOf).collect(Collectors.toCollection(LinkedHashSet::new));
        return new ChannelCodeInfo(rs.getLong(1), rs.getString(2), rs.getString(3) + "/" + rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7),
                staff.isEmpty() ? List.of() : List.of(staff.split(",")), tagIds, rs.getString(10), rs.getBoolean(11),
                instants.convertToEntityAttribute(rs.getTimestamp(12)), rs.getString(13));
    }
}
