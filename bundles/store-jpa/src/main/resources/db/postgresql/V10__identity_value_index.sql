-- Nothing to do: PostgreSQL probes IN lists through the (type, namespace, value) key already.
-- (Derby gets an index led by id_value in its V10.)
SELECT 1;
