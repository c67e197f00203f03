-- The outbox: every outbound message is stored here before any provider sees it. The dispatcher
-- claims due messages with a lease (owner + until), so a crashed node's work is found again, and
-- hands them to the adapter registered for (channel_type, channel_account).
CREATE TABLE outbox_message (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idempotency_key VARCHAR(128) NOT NULL,
  channel_type VARCHAR(64) NOT NULL,
  channel_account VARCHAR(64) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  body VARCHAR(32672) NOT NULL,
  body_hash VARCHAR(64) NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INT NOT NULL,
  failures INT NOT NULL,
  next_attempt_at TIMESTAMP,
  lease_owner VARCHAR(64),
  lease_until TIMESTAMP,
  attempt_started_at TIMESTAMP,
  provider_message_id VARCHAR(200),
  error_code VARCHAR(64),
  error_message VARCHAR(1000),
  recipient_count INT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  CONSTRAINT uq_outbox_key UNIQUE (idempotency_key)
);
CREATE INDEX ix_outbox_due ON outbox_message (state, next_attempt_at);
CREATE INDEX ix_outbox_channel ON outbox_message (channel_type, channel_account, state);
CREATE INDEX ix_outbox_provider_id ON outbox_message (provider_message_id);
-- One row per recipient, in the order given; a message larger than one provider call goes out in
-- chunks, each recorded here (chunk = first position of the call), so a crash resumes mid-message.
CREATE TABLE outbox_recipient (
  message_id BIGINT NOT NULL REFERENCES outbox_message(id) ON DELETE CASCADE,
  position INT NOT NULL,
  id_type VARCHAR(32) NOT NULL,
  namespace VARCHAR(128) NOT NULL,
  id_value VARCHAR(256) NOT NULL,
  state VARCHAR(16) NOT NULL,
  chunk INT,
  attempt_started_at TIMESTAMP,
  provider_message_id VARCHAR(200),
  error_code VARCHAR(64),
  error_message VARCHAR(1000),
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (message_id, position)
);
CREATE INDEX ix_outbox_recipient_state ON outbox_recipient (message_id, state);
CREATE INDEX ix_outbox_recipient_identity ON outbox_recipient (message_id, id_type, namespace, id_value);
CREATE INDEX ix_outbox_recipient_provider_id ON outbox_recipient (provider_message_id);
