-- Per-day figures providers compute for a channel account (schema 20): WeCom customer group chats,
-- official-account follows, followers and article reads. One row per (account, day, metric, dim);
-- dim is '' for the whole account, a group owner's userid, or a follow/read source code. A day is
-- replaced whole when pulled again. channel_stat_day records that a day was pulled, when, and where
-- the provider's figures disagreed (kept as given). Days are ISO text (yyyy-MM-dd, China time for
-- WeChat and WeCom), which sorts as dates and backs up as text.
CREATE TABLE channel_daily_stat (
  channel_type VARCHAR(64) NOT NULL,
  account VARCHAR(128) NOT NULL,
  stat_day VARCHAR(10) NOT NULL,
  metric VARCHAR(64) NOT NULL,
  dim VARCHAR(128) NOT NULL,
  stat_value BIGINT NOT NULL,
  PRIMARY KEY (channel_type, account, stat_day, metric, dim)
);
CREATE TABLE channel_stat_day (
  channel_type VARCHAR(64) NOT NULL,
  account VARCHAR(128) NOT NULL,
  stat_day VARCHAR(10) NOT NULL,
  collected_at TIMESTAMP NOT NULL,
  problems VARCHAR(2000),
  PRIMARY KEY (channel_type, account, stat_day)
);
-- Follower growth per minute reads follow/unfollow events of one account in a time window.
CREATE INDEX ix_customer_event_type_time ON customer_event (event_type, occurred_at);
