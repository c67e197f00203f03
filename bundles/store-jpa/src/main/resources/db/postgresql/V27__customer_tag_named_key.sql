-- Nothing to change: PostgreSQL has no customer_tag since V26. Derby names that table's primary key here.
SELECT 1;
