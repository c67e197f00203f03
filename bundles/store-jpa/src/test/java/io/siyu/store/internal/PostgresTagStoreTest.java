package io.siyu.store.internal;

import javax.sql.DataSource;

class PostgresTagStoreTest extends TagStoreContract {
    @Override
    DataSource freshDatabase() {
        return TestDatabases.freshPostgres();
    }
}
