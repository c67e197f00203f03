-- One-time subscription grants of mini-program subscribe messages (schema 19): one row per
-- acceptance of a template by a customer, used by exactly one message. source_id is the ingested
-- acceptance (event id), so a batch sent again grants nothing twice. scope is the mini program's AppID.
CREATE TABLE subscription_grant (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
  scope VARCHAR(64) NOT NULL,
  template_id VARCHAR(128) NOT NULL,
  source_id VARCHAR(200) NOT NULL,
  granted_at TIMESTAMP NOT NULL,
  used_at TIMESTAMP,
  used_by VARCHAR(200)
);
CREATE UNIQUE INDEX ux_subscription_grant_source ON subscription_grant (scope, template_id, source_id);
CREATE INDEX ix_subscription_grant_customer ON subscription_grant (customer_id, scope, template_id);
