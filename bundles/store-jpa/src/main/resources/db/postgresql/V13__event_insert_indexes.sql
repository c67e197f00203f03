-- Nothing to do: PostgreSQL creates no index for a foreign key, so ix_customer_event_timeline is
-- its only index led by customer_id and stays. (Derby drops it in its V13.)
SELECT 1;
