package io.siyu.store.internal;

import javax.sql.DataSource;

class PostgresStoreTest extends StoreContract {
    @Override
    DataSource freshDatabase() {
        return TestDatabases.freshPostgres();
    }

    @Override
    String expectedKind() {
        return "postgresql";
    }
}
