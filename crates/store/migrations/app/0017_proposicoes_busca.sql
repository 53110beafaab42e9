-- The public search of proposições: one stored, weighted text-search document per
-- proposição (ementa A, indexação and assuntos B, texto C) in the accent-blind Portuguese
-- configuration of 0010, indexed with the tenant first (btree_gin) so a câmara's search
-- never walks another câmara's postings; plus the btree and GIN indexes of the filters.

-- app.portugues takes the accents off BEFORE the portuguese stemmer, whose rules for the
-- commonest plurals are written with them: "licitações" became 'licitaco' and "licitação"
-- 'licitaca', so the singular never found the plural (likewise -ais/-al, -éis/-el,
-- -íveis/-ível, leis/lei). This folds those plurals onto their singular first, with or
-- without accents; documents and queries both go through it, so a rare wrong fold
-- ("gerais" → "geral" is right, "cais" is left alone) costs precision, never a match.
CREATE FUNCTION app.portugues_normalizado(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(t,
        '(õ|o)es\M', 'ao', 'gi'),
        '([[:alpha:]]{3,})ais\M', '\1al', 'gi'),
        'éis\M', 'el', 'gi'),
        '(i|í)veis\M', 'ivel', 'gi'),
        '\m(l|r)eis\M', '\1ei', 'gi')
$$;

-- Immutable (to_tsvector with an explicit configuration is), so it can feed a generated
-- column. The texto is cut at 100,000 characters: a tsvector holds at most 1 MB and the
-- positions stop counting at 16,383 anyway.
CREATE FUNCTION app.proposicao_documento(ementa text, indexacao text, assuntos text[], texto text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('app.portugues'::regconfig, app.portugues_normalizado(ementa)), 'A')
        || setweight(to_tsvector('app.portugues'::regconfig, app.portugues_normalizado(
               indexacao || ' ' || array_to_string(assuntos, ' '))), 'B')
        || setweight(to_tsvector('app.portugues'::regconfig,
               app.portugues_normalizado(left(texto, 100000))), 'C')
$$;

ALTER TABLE app.proposicao ADD COLUMN busca tsvector
    GENERATED ALWAYS AS (app.proposicao_documento(ementa, indexacao, assuntos, texto)) STORED;

CREATE INDEX proposicao_busca ON app.proposicao USING gin (tenant_id, busca);
CREATE INDEX proposicao_assuntos ON app.proposicao USING gin (tenant_id, assuntos);
-- Newest first (the list without a text query) and the período filter.
CREATE INDEX proposicao_recentes ON app.proposicao (tenant_id, apresentada_em DESC, id DESC);
CREATE INDEX proposicao_por_numero ON app.proposicao (tenant_id, numero);
-- The open data of the tramitação, newest first, and its período filter.
CREATE INDEX proposicao_evento_recentes ON app.proposicao_evento (tenant_id, ocorrido_em DESC, id DESC);

-- Under row level security the planner may use a condition as an index condition only when
-- its operator is LEAKPROOF: the text match `tsvector @@ tsquery` (ts_match_vq) is not
-- marked so, and the search of one câmara read every row of the câmara (a bitmap scan on
-- tenant_id, the match as a filter: 480 ms at 50,000 proposições instead of 57 ms).
-- ts_match_vq computes a boolean from its two arguments and raises no error that depends
-- on them, so it is leakproof in fact. Marking it needs a superuser, and migrations run as
-- plenario_owner: the per-database bootstrap of infra::migrate does it when the
-- administrative role is a superuser (embedded and self-hosted clusters); elsewhere the
-- search still works, unindexed.
