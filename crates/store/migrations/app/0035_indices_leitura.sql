-- Indexes for the public pages (issues #9 item 7 and #10): the per-parlamentar lookups and the search by tipo.
--
-- The portal reads each parlamentar's partido on a day and mandato in a legislatura (the
-- list of 36 parlamentares reads both for each one). Until now those lookups went through
-- the GiST exclusion constraints (tenant, parlamentar, range: correct, but a GiST probe per
-- row) or the mandato's (tenant, legislatura) index, scanning every mandato of the
-- legislatura for each parlamentar. These btree indexes make each lookup one short range.
CREATE INDEX mandato_parlamentar ON app.mandato (tenant_id, parlamentar_id, legislatura_id, inicio DESC);
CREATE INDEX filiacao_parlamentar ON app.filiacao (tenant_id, parlamentar_id, inicio DESC);

-- The public search by tipo, ano and situação (issue #10): count and page from the index
-- alone (an index-only scan, in the newest-first order), where the (tenant, tipo, ano,
-- número) index of the registry read every candidate row to test its situação.
CREATE INDEX proposicao_tipo_ano_situacao ON app.proposicao
    (tenant_id, tipo_id, ano, situacao, apresentada_em DESC, id DESC);
