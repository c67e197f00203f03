-- SOP definitions: one row per SOP with its state and what its latest version triggers on (so
-- triggers find active SOPs without parsing JSON), and one immutable row per version.
CREATE TABLE sop (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  state VARCHAR(16) NOT NULL,
  latest_version INT NOT NULL,
  trigger_kind VARCHAR(16) NOT NULL,
  trigger_key VARCHAR(200),
  next_fire_at TIMESTAMP,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE INDEX ix_sop_trigger ON sop (state, trigger_kind);
CREATE TABLE sop_version (
  sop_id BIGINT NOT NULL REFERENCES sop(id),
  version INT NOT NULL,
  name VARCHAR(200) NOT NULL,
  definition VARCHAR(32672) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  PRIMARY KEY (sop_id, version)
);
-- One run of one SOP version. due_at is when the engine looks at it next (null while paused or
-- final); nodes claim due rows with a lease (owner + until) and move them with a compare-and-set
-- on row_version. start_key names the trigger occurrence (never started twice); live_key holds
-- "one live instance per SOP and customer" and is cleared when the instance ends.
CREATE TABLE sop_instance (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sop_id BIGINT NOT NULL REFERENCES sop(id),
  sop_version INT NOT NULL,
  customer_id BIGINT,
  state VARCHAR(16) NOT NULL,
  step_id VARCHAR(64),
  wake_at TIMESTAMP,
  due_at TIMESTAMP,
  wait_event VARCHAR(64),
  wait_since TIMESTAMP,
  wait_event_id VARCHAR(128),
  paused_by VARCHAR(8),
  runs INT NOT NULL,
  lease_owner VARCHAR(64),
  lease_until TIMESTAMP,
  row_version BIGINT NOT NULL,
  start_key VARCHAR(200) NOT NULL,
  live_key VARCHAR(100),
  trigger_ref VARCHAR(200),
  error VARCHAR(1000),
  started_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  CONSTRAINT uq_sop_instance_start UNIQUE (start_key),
  CONSTRAINT uq_sop_instance_live UNIQUE (live_key)
);
CREATE INDEX ix_sop_instance_due ON sop_instance (due_at);
CREATE INDEX ix_sop_instance_sop ON sop_instance (sop_id, state);
CREATE INDEX ix_sop_instance_customer ON sop_instance (customer_id, wait_event);
-- What each step of an instance did; its key makes a step run at most once per instance. Written
-- in the transaction that moves the instance past the step (STARTED rows before a webhook call).
CREATE TABLE sop_step_run (
  instance_id BIGINT NOT NULL REFERENCES sop_instance(id),
  step_id VARCHAR(64) NOT NULL,
  seq INT NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  detail VARCHAR(1000),
  attempts INT NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  PRIMARY KEY (instance_id, step_id)
);
-- Staff tasks; idempotency_key makes a task an SOP step or mass send creates after a crash the same task.
CREATE TABLE staff_task (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind VARCHAR(32) NOT NULL,
  assignee VARCHAR(128) NOT NULL,
  title VARCHAR(500) NOT NULL,
  script VARCHAR(4000) NOT NULL,
  customer_id BIGINT,
  source_ref VARCHAR(200),
  priority VARCHAR(8) NOT NULL,
  due_at TIMESTAMP,
  state VARCHAR(16) NOT NULL,
  idempotency_key VARCHAR(200),
  reminded_at TIMESTAMP,
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  completed_at TIMESTAMP,
  CONSTRAINT uq_staff_task_key UNIQUE (idempotency_key)
);
CREATE INDEX ix_staff_task_assignee ON staff_task (assignee, state, due_at);
CREATE INDEX ix_staff_task_due ON staff_task (state, due_at);
