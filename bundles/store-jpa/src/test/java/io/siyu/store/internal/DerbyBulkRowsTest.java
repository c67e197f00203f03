package io.siyu.store.internal;

import javax.sql.DataSource;

class DerbyBulkRowsTest extends BulkRowsContract {
    @Override
    DataSource freshDatabase() {
        return TestDatabases.freshDerby();
    }

    @Override
    boolean copies() {
        return false;
    }
}
