-- The public filter by assunto (a keyword of the norma's indexação) split every norma's
-- indexação with a regular expression on each request: 90 ms a page at 5,000 normas
-- (bench/normas.sh). The keywords as an array, indexed by GIN (led by tenant_id, as every
-- index), make it an index lookup.
CREATE FUNCTION app.palavras_chave(indexacao text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(lower(btrim(k))) FILTER (WHERE btrim(k) <> ''), '{}')
      FROM regexp_split_to_table(indexacao, E'[,;\n]') k
$$;

CREATE INDEX norma_palavras_chave ON app.norma USING gin (tenant_id, app.palavras_chave(indexacao));
