-- The public searches, fast and in the same Portuguese everywhere (issue #10).
--
-- The situação filter of the public list (newest first within a situação): the list walks
-- this index and stops after its page instead of reading every row of the situação.
-- It replaces 0014's (tenant_id, situacao), its prefix.
CREATE INDEX proposicao_situacao_recentes
    ON app.proposicao (tenant_id, situacao, apresentada_em DESC, id DESC);
DROP INDEX app.proposicao_por_situacao;

-- Notícias: the search ignored accents but not plurals ("licitações" did not find
-- "licitação"). The document now goes through app.portugues_normalizado like the
-- proposições' (0017), and it is a stored column: under row level security only a
-- LEAKPROOF condition may use an index, and `to_tsvector(...) @@ q` calls to_tsvector on the
-- row (not leakproof), while `busca @@ q` is ts_match_vq alone (marked leakproof by
-- infra::migrate's bootstrap).
DROP INDEX app.noticia_busca;
ALTER TABLE app.noticia ADD COLUMN busca tsvector GENERATED ALWAYS AS (
    to_tsvector('app.portugues'::regconfig,
                app.portugues_normalizado(titulo || ' ' || resumo || ' ' || corpo))) STORED;
CREATE INDEX noticia_busca ON app.noticia USING gin (tenant_id, busca);
