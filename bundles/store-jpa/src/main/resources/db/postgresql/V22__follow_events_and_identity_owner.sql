-- Schema 22 takes work off every event insert, the hot path of ingestion.
-- Follower growth counts follow and unfollow events per minute of one account. V20 indexed all of
-- customer_event by (event_type, occurred_at) for that, one more index entry per insert of any
-- event. The two types now also go to follow_event, written with the event and deleted with it.
CREATE TABLE follow_event (
  event_id VARCHAR(128) NOT NULL REFERENCES customer_event(event_id) ON DELETE CASCADE,
  channel VARCHAR(128) NOT NULL,
  event_type VARCHAR(64) NOT NULL,
  occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX ix_follow_event_time ON follow_event (channel, occurred_at);
CREATE INDEX ix_follow_event_id ON follow_event (event_id);
INSERT INTO follow_event (event_id, channel, event_type, occurred_at)
  SELECT event_id, channel, event_type, occurred_at FROM customer_event WHERE event_type IN ('follow', 'unfollow');
DROP INDEX ix_customer_event_type_time;
-- (Identities: PostgreSQL already looks them up through the (type, namespace, value) key; Derby's
-- value index gains the owner in its V22.)
