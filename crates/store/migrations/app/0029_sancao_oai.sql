-- Normas part 2 (issue #11): the OAI-PMH provider's tombstones and datestamps.
--
-- A norma deleted leaves its tombstone (deletedRecord=persistent): the harvester that saw
-- it is told, at the deletion's datestamp, that it is gone. store::normas::oai::excluir
-- writes it in the deletion's transaction (no trigger: a câmara's own deletion, cascading
-- from plenario.resident, must not write anything).

CREATE TABLE app.norma_excluida (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    -- The deleted norma's id: its OAI identifier is built from it and stays the same.
    id              uuid NOT NULL,
    identificacao   text NOT NULL CHECK (length(identificacao) BETWEEN 1 AND 300),
    excluida_em     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX norma_excluida_oai ON app.norma_excluida (tenant_id, excluida_em, id);

-- The provider's cursor: (datestamp, id), the datestamp being atualizado_em.
CREATE INDEX norma_oai ON app.norma (tenant_id, atualizado_em, id);

ALTER TABLE app.norma_excluida ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.norma_excluida FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.norma_excluida
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);
