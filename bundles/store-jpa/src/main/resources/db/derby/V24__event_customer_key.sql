-- Nothing to change: PostgreSQL drops customer_event's key to customer in its V24 (for ingestion
-- speed); Derby keeps it. The store's locks and deletes (see the PostgreSQL script) run on both.
SELECT 1 FROM SYSIBM.SYSDUMMY1;
