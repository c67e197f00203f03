package io.siyu.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides whether a bulk write may use {@link PgCopy}. Names no PgJDBC type itself, so asking is
 * safe where the driver's classes are not visible (then the batched INSERTs are used).
 */
final class CopySupport {
    private static final Logger LOG = Logger.getLogger(CopySupport.class.getName());
    private static volatile boolean driverMissing;
    private static volatile boolean announced;

    private CopySupport() {
    }

    static boolean usable(Connection c, SchemaMigrator.Dialect dialect) {
        if (dialect != SchemaMigrator.Dialect.POSTGRESQL || driverMissing) {
            return false;
        }
        try {
            boolean pg = PgCopy.isPg(c);
            if (pg && !announced) {
                announced = true;
                LOG.info("Siyu store: bulk writes (event batches, customer import) use PostgreSQL COPY");
            }
            return pg;
        } catch (SQLException e) {
            return false;
        } catch (LinkageError e) {
            driverMissing = true;
            LOG.log(Level.WARNING, "Siyu store: PgJDBC's COPY API is not visible to the store bundle;"
                    + " bulk writes use batched INSERTs", e);
            return false;
        }
    }
}
