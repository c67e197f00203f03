-- Nothing to change: PostgreSQL drops customer_tag's key to tag in its V25 (for import speed); Derby
-- keeps it. The store checks the tags it links on both; only PostgreSQL needs the locks.
SELECT 1 FROM SYSIBM.SYSDUMMY1;
