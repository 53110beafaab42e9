-- The states of a pauta item (issue #12, item 5): na pauta → com pedido de vista (until
-- vista_ate, then it returns), adiado (carried to a later sessão: a new item there), retirado
-- de pauta (final, with the motivo; the proposição then takes no anexação). The moves live
-- in domain::sessoes_plenarias::pauta; the store writes them through one entry point
-- (store::sessoes_plenarias::pauta::mover_item), audited.
ALTER TABLE app.pauta_item
    ADD COLUMN situacao text NOT NULL DEFAULT 'na_pauta',
    ADD COLUMN vista_ate date,
    ADD COLUMN adiado_para uuid,
    ADD COLUMN motivo_situacao text,
    ADD CONSTRAINT pauta_item_situacao CHECK (situacao IN ('na_pauta', 'vista', 'adiado', 'retirado')),
    ADD CONSTRAINT pauta_item_vista CHECK (situacao <> 'vista' OR vista_ate IS NOT NULL),
    ADD CONSTRAINT pauta_item_adiado CHECK (situacao <> 'adiado' OR adiado_para IS NOT NULL),
    ADD CONSTRAINT pauta_item_motivo CHECK (motivo_situacao IS NULL OR length(motivo_situacao) BETWEEN 10 AND 2000),
    -- The sessão it was carried to (pauta_item already hangs from sessao_plenaria: no new
    -- edge in the moves' table order).
    ADD CONSTRAINT pauta_item_adiado_para FOREIGN KEY (tenant_id, adiado_para)
        REFERENCES app.sessao_plenaria (tenant_id, id);
