package io.siyu.store.internal;

import java.util.Collections;

/**
 * The data scope's filter in SQL: customers owned by (attribute {@code ownerStaff}) or shared with
 * one of the given staff keys, applied to a customer-id expression of the enclosing query. Its
 * parameters are the keys twice, attribute first, in the same order.
 *
 * <p>PostgreSQL hashes each uncorrelated IN subquery once per statement. Derby runs it again for
 * every row of the enclosing query (under an OR it cannot turn it into a join), reading every
 * {@code ownerStaff} attribute each time: a scoped count took 4.6 s at 20,000 customers and grew
 * with the square of the store. On Derby the filter is two correlated EXISTS instead, each a probe
 * of a key that leads with the customer id (60 ms at 20,000).
 */
final class FollowedBy {
    private FollowedBy() {
    }

    static String sql(SchemaMigrator.Dialect dialect, String customerId, int keys) {
        if (keys == 0) {
            return "1 = 0";
        }
        String marks = String.join(", ", Collections.nCopies(keys, "?"));
        if (dialect == SchemaMigrator.Dialect.DERBY) {
            return "(EXISTS (SELECT 1 FROM customer_attribute fa WHERE fa.customer_id = " + customerId
                    + " AND fa.name = 'ownerStaff' AND fa.value_text IN (" + marks + "))"
                    + " OR EXISTS (SELECT 1 FROM customer_share fs WHERE fs.customer_id = " + customerId
                    + " AND fs.staff_key IN (" + marks + ")))";
        }
        return "(" + customerId + " IN (SELECT fa.customer_id FROM customer_attribute fa WHERE fa.name = 'ownerStaff'"
                + " AND fa.value_text IN (" + marks + ")) OR " + customerId
                + " IN (SELECT fs.customer_id FROM customer_share fs WHERE fs.staff_key IN (" + marks + ")))";
    }
}
