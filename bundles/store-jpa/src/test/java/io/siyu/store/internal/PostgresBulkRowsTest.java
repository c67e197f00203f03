package io.siyu.store.internal;

import javax.sql.DataSource;

class PostgresBulkRowsTest extends BulkRowsContract {
    @Override
    DataSource freshDatabase() {
        return TestDatabases.freshPostgres();
    }

    @Override
    boolean copies() {
        return true;
    }
}
