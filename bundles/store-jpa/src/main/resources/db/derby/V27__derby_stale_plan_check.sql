-- Derby keeps a statement's plan from its first compile and checks whether the tables it reads have
-- grown only every 100 runs (derby.language.stalePlanCheckInterval). A read by customer id compiled
-- while a table was nearly empty (a new store) scanned the whole table for each IN list long after
-- it held millions of rows: a 1 M × 20-tag import fell to 150 rows/s, the segment index's catch-up
-- took a core. Checking every 5 runs (Derby's minimum) re-plans such statements within a few runs.
CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.language.stalePlanCheckInterval', '5');
