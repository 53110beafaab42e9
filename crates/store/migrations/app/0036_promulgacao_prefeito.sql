-- After a sanção tácita the Prefeito promulgates within 48 horas, or else the Presidente da
-- Câmara (Lei Orgânica; CF art. 66 § 7º by symmetry): the promulgação's step names
-- 'prefeito' too (domain::normas::sancao::Promulgador).
ALTER TABLE app.autografo_passo DROP CONSTRAINT autografo_passo_promulgador_check;
ALTER TABLE app.autografo_passo ADD CONSTRAINT autografo_passo_promulgador_check
    CHECK (promulgador IN ('prefeito', 'presidente', 'mesa'));

-- OAI-PMH sets (issue #11, item 6): one set per tipo de norma, its setSpec the tipo's sigla.
-- A tombstone keeps the set of the norma it stands for, so a harvest by set sees the
-- deletion (older tombstones have none and show only in the harvest without set).
ALTER TABLE app.norma_excluida ADD COLUMN conjunto text
    CONSTRAINT norma_excluida_conjunto_check CHECK (length(conjunto) BETWEEN 1 AND 10);
CREATE INDEX norma_excluida_conjunto ON app.norma_excluida (tenant_id, conjunto, excluida_em, id);
