-- Consent per customer and channel type: every statement in history, the latest one as current.
CREATE TABLE consent_history (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
  channel_type VARCHAR(64) NOT NULL,
  state VARCHAR(16) NOT NULL,
  changed_at TIMESTAMP NOT NULL,
  source VARCHAR(200) NOT NULL,
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX ix_consent_history_customer ON consent_history (customer_id, channel_type);
CREATE TABLE customer_consent (
  customer_id BIGINT NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
  channel_type VARCHAR(64) NOT NULL,
  state VARCHAR(16) NOT NULL,
  changed_at TIMESTAMP NOT NULL,
  source VARCHAR(200) NOT NULL,
  PRIMARY KEY (customer_id, channel_type)
);
