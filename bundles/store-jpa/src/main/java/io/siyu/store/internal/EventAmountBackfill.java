package io.siyu.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Logger;

/**
 * Schema 6 moved order and refund amounts into a column; events stored before it keep theirs in
 * the JSON properties, so the upgrade copies them over (segments and RFM read only the column).
 */
final class EventAmountBackfill {
    private static final Logger LOG = Logger.getLogger(EventAmountBackfill.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventAmountBackfill() {
    }

    static void run(Connection c) throws SQLException {
        int filled = 0;
        try (PreparedStatement read = c.prepareStatement("SELECT seq, properties FROM customer_event"
                + " WHERE event_type IN ('order', 'refund') AND amount IS NULL");
                PreparedStatement write = c.prepareStatement("UPDATE customer_event SET amount = ? WHERE seq = ?");
                ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                BigDecimal amount = amountOf(rs.getString(2));
                if (amount != null) {
                    write.setBigDecimal(1, amount);
                    write.setLong(2, rs.getLong(1));
                    write.addBatch();
                    if (++filled % 1000 == 0) {
                        write.executeBatch();
                    }
                }
            }
            write.executeBatch();
        }
        int n = filled;
        if (n > 0) {
            LOG.info(() -> "Copied the amount of " + n + " order/refund events into customer_event.amount");
        }
    }

    /** The amount property if it is a number (or numeric text) that fits DECIMAL(19,4). */
    static BigDecimal amountOf(String propertiesJson) {
        try {
            JsonNode amount = JSON.readTree(propertiesJson).get("amount");
            if (amount == null || !(amount.isNumber() || amount.isTextual())) {
                return null;
            }
            BigDecimal d = new BigDecimal(amount.asText().strip()).setScale(4, RoundingMode.HALF_UP);
            return d.precision() <= 19 ? d : null;
        } catch (Exception unreadable) {
            return null;
        }
    }
}
