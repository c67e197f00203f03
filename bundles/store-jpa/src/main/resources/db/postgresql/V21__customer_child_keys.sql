-- Identities, attributes and tags carry no foreign key to customer on PostgreSQL. Each key check is
-- a trigger that takes a key-share lock on the customer row (a WAL record per child row): about half
-- of what a bulk import costs the server. What the keys did is done by the store itself:
-- - every writer of these rows either creates the customer in the same transaction, or holds a lock
--   on the customer row that a merge's FOR UPDATE conflicts with before it writes (JPA updates write
--   the versioned customer row; bulk tagging takes FOR KEY SHARE; imports update the customer first;
--   merges and identity links lock it), and gives up when the row is gone;
-- - the two deletes of customers delete these rows themselves (the JPA entity's collections; a merge
--   deletes what the merged-away profile still holds).
-- Events, consent, grants and shares keep their keys.
ALTER TABLE customer_identity DROP CONSTRAINT customer_identity_customer_id_fkey;
ALTER TABLE customer_attribute DROP CONSTRAINT customer_attribute_customer_id_fkey;
ALTER TABLE customer_tag DROP CONSTRAINT customer_tag_customer_id_fkey;
