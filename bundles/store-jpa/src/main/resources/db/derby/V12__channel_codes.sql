-- Channel codes (渠道活码): the provider's QR code and what it means here. state comes back with
-- every contact added through the code, so it is unique.
CREATE TABLE channel_code (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  channel_type VARCHAR(64) NOT NULL,
  channel_account VARCHAR(64) NOT NULL,
  state VARCHAR(30) NOT NULL,
  provider_code_id VARCHAR(200) NOT NULL,
  qr_code_url VARCHAR(1000),
  staff VARCHAR(4000) NOT NULL,
  tag_ids VARCHAR(4000) NOT NULL,
  welcome_text VARCHAR(4000),
  skip_verify BOOLEAN NOT NULL,
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  CONSTRAINT uq_channel_code_state UNIQUE (state),
  CONSTRAINT uq_channel_code_name UNIQUE (name)
);
