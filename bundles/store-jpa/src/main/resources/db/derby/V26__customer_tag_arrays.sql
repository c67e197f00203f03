-- Nothing to change: PostgreSQL keeps a customer's tags as an array on its row from V26 (for import
-- speed); Derby has no arrays and keeps customer_tag. TagSets hides the difference.
SELECT 1 FROM SYSIBM.SYSDUMMY1;
