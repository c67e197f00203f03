package io.siyu.store.internal;

import javax.sql.DataSource;

class DerbyStoreTest extends StoreContract {
    @Override
    DataSource freshDatabase() {
        return TestDatabases.freshDerby();
    }

    @Override
    String expectedKind() {
        return "derby";
    }
}
