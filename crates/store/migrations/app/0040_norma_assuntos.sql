-- The public filter by assunto (a keyword of the norma's indexação) split every norma's
-- indexação with a regular expression on each request (bench/normas.sh: 90 req/s at 5,000
-- normas, against 850 for the plain list). An expression index on the split did not help:
-- the planner still called the SQL function on every row. The keywords are now a stored
-- column, split once when the norma is written, and the filter is an array containment
-- that a GIN index answers.
CREATE FUNCTION app.assuntos_da_indexacao(indexacao text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(lower(btrim(k))) FILTER (WHERE btrim(k) <> ''), '{}')
      FROM regexp_split_to_table(indexacao, E'[,;\n]') k
$$;

ALTER TABLE app.norma ADD COLUMN assuntos text[] NOT NULL
    GENERATED ALWAYS AS (app.assuntos_da_indexacao(indexacao)) STORED;

-- Led by tenant_id, as every index (btree_gin, migration 0010).
CREATE INDEX norma_assuntos ON app.norma USING gin (tenant_id, assuntos);
