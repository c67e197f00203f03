-- customer_tag carries no foreign key to tag on PostgreSQL. The key's check was a trigger per row
-- taking a key-share lock on the tag: at 20 tags per customer, 60 % of what inserting the links
-- cost the server (5 M links: 35 s with it, 14 s without; docs/benchmarks.md). What it did is done by
-- the store (TagKeys):
-- - every writer of links (import, a customer's tags through JPA, merge and its undo) first takes
--   one key-share lock per tag it links, in one statement, and leaves out (or refuses) tags gone;
--   bulk and rule tagging hold a stronger lock on their tag already;
-- - deleting a tag takes the tag's row FOR UPDATE before it deletes the links, so it waits for
--   writers in flight and sees their links, and writers after it find the tag gone.
ALTER TABLE customer_tag DROP CONSTRAINT customer_tag_tag_id_fkey;
