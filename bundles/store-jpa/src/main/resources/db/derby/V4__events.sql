-- The interaction timeline. event_id is the producer's id: a second event with it is a duplicate.
-- Properties are JSON text; VARCHAR, not CLOB: Derby stores CLOBs out of line and writes them slowly.
CREATE TABLE customer_event (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id VARCHAR(128) NOT NULL,
  customer_id BIGINT NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
  event_type VARCHAR(64) NOT NULL,
  channel VARCHAR(128) NOT NULL,
  occurred_at TIMESTAMP NOT NULL,
  received_at TIMESTAMP NOT NULL,
  properties VARCHAR(32672) NOT NULL,
  CONSTRAINT uq_customer_event_id UNIQUE (event_id)
);
CREATE INDEX ix_customer_event_timeline ON customer_event (customer_id, occurred_at);
