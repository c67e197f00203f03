-- Nothing to change: PostgreSQL re-plans as its statistics change. Derby's V27 makes Derby re-plan sooner.
SELECT 1;
