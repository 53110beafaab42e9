-- The ata as a stored document (issue #12, item 7): one per sessão, created from the
-- generated draft (regenerable while a rascunho), edited by the secretaria with every saved
-- version kept (app.ata_versao, append-only), and moved rascunho → em_aprovacao →
-- aprovada → publicada. Approval happens in a LATER sessão: the ata is put on that
-- sessão's pauta as a free item (item_id) and the item's result approves it
-- (store::sessoes_plenarias::ata::documento). An approved ata's text changes only through
-- a retificação: a new version with its motivo. The moves live in
-- domain::sessoes_plenarias::ata::StatusAta; the database holds the backstops.
CREATE TABLE app.ata (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    sessao_id       uuid NOT NULL,
    status          text NOT NULL DEFAULT 'rascunho',
    texto           text NOT NULL,
    versao          integer NOT NULL DEFAULT 1,
    -- The pauta item (of a later sessão) that reads and votes it.
    item_id         uuid,
    aprovada_em     timestamptz,
    publicada_em    timestamptz,
    criada_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT ata_sessao FOREIGN KEY (tenant_id, sessao_id) REFERENCES app.sessao_plenaria (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT ata_item FOREIGN KEY (tenant_id, item_id) REFERENCES app.pauta_item (tenant_id, id),
    CONSTRAINT ata_uma_por_sessao UNIQUE (tenant_id, sessao_id),
    CONSTRAINT ata_status CHECK (status IN ('rascunho', 'em_aprovacao', 'aprovada', 'publicada')),
    CONSTRAINT ata_texto CHECK (length(btrim(texto)) BETWEEN 10 AND 200000),
    CONSTRAINT ata_versao_valida CHECK (versao >= 1),
    CONSTRAINT ata_em_aprovacao CHECK (status = 'rascunho' OR item_id IS NOT NULL),
    CONSTRAINT ata_aprovada CHECK ((status IN ('aprovada', 'publicada')) = (aprovada_em IS NOT NULL)),
    CONSTRAINT ata_publicada CHECK ((status = 'publicada') = (publicada_em IS NOT NULL))
);
CREATE INDEX ata_item_idx ON app.ata (tenant_id, item_id);

-- Every saved text, numbered; a retificação (of an approved ata) carries its motivo.
CREATE TABLE app.ata_versao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    ata_id          uuid NOT NULL,
    versao          integer NOT NULL,
    texto           text NOT NULL,
    retificacao     boolean NOT NULL DEFAULT false,
    motivo          text,
    usuario_id      uuid,
    criada_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT ata_versao_ata FOREIGN KEY (tenant_id, ata_id) REFERENCES app.ata (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT ata_versao_usuario FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE SET NULL (usuario_id),
    CONSTRAINT ata_versao_unica UNIQUE (tenant_id, ata_id, versao),
    CONSTRAINT ata_versao_motivo CHECK (retificacao = (motivo IS NOT NULL)
        AND (motivo IS NULL OR length(btrim(motivo)) BETWEEN 10 AND 2000))
);
-- The history cannot be rewritten by the application (like proposicao_evento).
REVOKE UPDATE, DELETE ON app.ata_versao FROM plenario_app, plenario_platform;

-- The moves the application may make, and "a later sessão": the approving item belongs to
-- a sessão that starts after the ata's. AFTER triggers, so that the row's câmara (RLS) and
-- its foreign keys are checked first. Reads pauta_item and sessao_plenaria, which ata
-- already references: no new edge in the moves' table order.
CREATE FUNCTION app.ata_guarda() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    IF current_setting('is_superuser') = 'on' OR current_user = 'plenario_owner' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status <> OLD.status AND NOT (
           (OLD.status = 'rascunho' AND NEW.status = 'em_aprovacao')
        OR (OLD.status = 'em_aprovacao' AND NEW.status IN ('rascunho', 'aprovada'))
        OR (OLD.status = 'aprovada' AND NEW.status = 'publicada')) THEN
        RAISE EXCEPTION 'ata: % → %', OLD.status, NEW.status
            USING ERRCODE = '23514', CONSTRAINT = 'ata_transicao';
    END IF;
    IF NEW.item_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.item_id IS DISTINCT FROM OLD.item_id)
       AND NOT EXISTS (
            SELECT 1 FROM app.pauta_item i
              JOIN app.sessao_plenaria s ON s.tenant_id = i.tenant_id AND s.id = i.sessao_id
              JOIN app.sessao_plenaria a ON a.tenant_id = NEW.tenant_id AND a.id = NEW.sessao_id
             WHERE i.tenant_id = NEW.tenant_id AND i.id = NEW.item_id AND s.inicio > a.inicio) THEN
        RAISE EXCEPTION 'a ata é aprovada em sessão posterior'
            USING ERRCODE = '23514', CONSTRAINT = 'ata_sessao_posterior';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER ata_guarda AFTER INSERT OR UPDATE ON app.ata
    FOR EACH ROW EXECUTE FUNCTION app.ata_guarda();

-- An approved text changes only to a new version that is a retificação of it. UPDATE only:
-- it reads ata_versao, which hangs from ata (an INSERT trigger would be an edge back).
CREATE FUNCTION app.ata_imutavel() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    IF current_setting('is_superuser') = 'on' OR current_user = 'plenario_owner' THEN
        RETURN NULL;
    END IF;
    IF OLD.status IN ('aprovada', 'publicada')
       AND (NEW.texto IS DISTINCT FROM OLD.texto OR NEW.versao <> OLD.versao)
       AND NOT (NEW.versao > OLD.versao AND EXISTS (
            SELECT 1 FROM app.ata_versao v
             WHERE v.tenant_id = NEW.tenant_id AND v.ata_id = NEW.id
               AND v.versao = NEW.versao AND v.retificacao AND v.texto = NEW.texto)) THEN
        RAISE EXCEPTION 'ata aprovada sem retificação'
            USING ERRCODE = '23514', CONSTRAINT = 'ata_aprovada_imutavel';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER ata_imutavel AFTER UPDATE ON app.ata
    FOR EACH ROW EXECUTE FUNCTION app.ata_imutavel();

ALTER TABLE app.ata ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.ata FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.ata
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);
ALTER TABLE app.ata_versao ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.ata_versao FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.ata_versao
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);

-- The pauta's moves in the proposição's timeline (pedido de vista, adiamento, retirada de
-- pauta): an event kind that keeps the situação (domain::proposicoes::Evento::Pauta).
ALTER TABLE app.proposicao_evento DROP CONSTRAINT proposicao_evento_tipo_check;
ALTER TABLE app.proposicao_evento ADD CONSTRAINT proposicao_evento_tipo_check
    CHECK (tipo IN ('protocolada', 'tramitada', 'distribuida', 'parecer', 'pronta_para_pauta',
                    'votada', 'retirada', 'arquivada', 'desarquivada', 'correcao',
                    -- the path to the norma (0032)
                    'enviada_sancao', 'autografo', 'sancionada', 'vetada', 'veto_deliberado',
                    'promulgada',
                    'pauta'));
