package io.siyu.core.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal connection pool for the benchmarks, standing in for the dbcp2 pool Karaf's pax-jdbc
 * puts in front of PostgreSQL in production: without it every transaction would open a new server
 * process and warm its caches again. A closed connection is rolled back if a transaction is open,
 * put back in auto-commit mode and kept for the next caller. {@code -Dbench.pool=false} turns it off.
 */
final class BenchPool implements DataSource {
    private final DataSource target;
    private final Deque<Connection> idle = new ArrayDeque<>();

    private BenchPool(DataSource target) {
        this.target = target;
    }

    static DataSource around(DataSource target) {
        return Boolean.parseBoolean(System.getProperty("bench.pool", "true")) ? new BenchPool(target) : target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection physical;
        synchronized (idle) {
            physical = idle.poll();
        }
        if (physical == null) {
            physical = target.getConnection();
        }
        Connection c = physical;
        boolean[] closed = new boolean[1];
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close" -> {
                            if (!closed[0]) {
                                closed[0] = true;
                                release(c);
                            }
                            return null;
                        }
                        case "isClosed" -> {
                            return closed[0] || c.isClosed();
                        }
                        default -> {
                            if (closed[0]) {
                                throw new SQLException("connection is closed");
                            }
                            try {
                                return method.invoke(c, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    }
                });
    }

    private void release(Connection c) throws SQLException {
        if (c.isClosed()) {
            return;
        }
        if (!c.getAutoCommit()) {
            c.rollback();
            c.setAutoCommit(true);
        }
        synchronized (idle) {
            idle.push(c);
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return target.isWrapperFor(iface);
    }
}
