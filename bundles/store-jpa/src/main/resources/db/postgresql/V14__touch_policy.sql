-- Touches: one row per customer reached by an outbox message, written with the message, at the time
-- it is due. The touch policy counts them for per-channel quotas and cross-channel caps. Rows keep
-- the customer id of the moment; counting follows customer_alias, so merges need not move them.
CREATE TABLE touch_log (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  channel_type VARCHAR(64) NOT NULL,
  channel_account VARCHAR(64) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  touched_at TIMESTAMP NOT NULL,
  source VARCHAR(128) NOT NULL
);
CREATE INDEX ix_touch_time ON touch_log (touched_at, channel_type);
CREATE INDEX ix_touch_customer ON touch_log (customer_id, touched_at);
CREATE INDEX ix_touch_source ON touch_log (source);
-- Do not disturb after a complaint: the latest complaint of a customer and until when proactive
-- touches are blocked (the policy's complaint days at the time of the complaint).
CREATE TABLE customer_dnd (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  complained_at TIMESTAMP NOT NULL,
  until_at TIMESTAMP NOT NULL,
  source VARCHAR(128) NOT NULL
);
-- Moments posted per staff member, for the moments rules (posts a day, persona share).
CREATE TABLE moment_post (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id VARCHAR(128) NOT NULL,
  channel_type VARCHAR(64) NOT NULL,
  channel_account VARCHAR(64) NOT NULL,
  persona BOOLEAN NOT NULL,
  posted_at TIMESTAMP NOT NULL,
  source VARCHAR(128) NOT NULL
);
CREATE INDEX ix_moment_staff ON moment_post (staff_id, posted_at);
-- Mass sends (群发): what, to whom, when, and the plan the operator accepted.
CREATE TABLE mass_send (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  definition TEXT NOT NULL,
  scheduled_at TIMESTAMP NOT NULL,
  state VARCHAR(16) NOT NULL,
  plan TEXT,
  created_by VARCHAR(128) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  version INT NOT NULL
);
