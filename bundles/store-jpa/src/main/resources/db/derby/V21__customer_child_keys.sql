-- Nothing to change: the keys PostgreSQL drops in its V21 (for bulk-import speed) stay on Derby, an
-- embedded single-node store; the store's own locking and deletes (see the PostgreSQL script) are
-- the same on both.
SELECT 1 FROM SYSIBM.SYSDUMMY1;
