-- From the approved proposição to the norma (issue #11, item 4): the autógrafo (the
-- redação final sent to the Executivo, or to the Mesa's promulgação for resoluções and
-- decretos legislativos) and its immutable history of steps: sanção (total or parcial,
-- with the vetoed dispositivos), veto (total or parcial, with razões), the câmara's
-- deliberação of the veto (mantido or derrubado, on a date, in a sessão if any) and
-- promulgação (by the Presidente or the Mesa). The autógrafo's state is never stored: it
-- is the latest step's, and domain::normas::sancao::estado_em derives the sanção tácita
-- from the dates on the câmara's calendar. The proposição's history gains the events and
-- situações of this path (domain::proposicoes).

CREATE TABLE app.autografo (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    proposicao_id   uuid NOT NULL,
    -- The tipo of the norma it becomes (chosen when the autógrafo is made).
    tipo_norma_id   uuid NOT NULL,
    -- The redação final, as articulated text (domain::normas::parse reads it).
    texto           text NOT NULL CHECK (length(btrim(texto)) BETWEEN 10 AND 500000),
    -- No sanção: promulgated by the Mesa (the proposição's tipo has sancao = false).
    mesa            boolean NOT NULL,
    enviado_em      date,
    recebido_em     date,
    criado_em       timestamptz NOT NULL DEFAULT now(),
    usuario_id      uuid,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT autografo_um_por_proposicao UNIQUE (tenant_id, proposicao_id),
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, tipo_norma_id) REFERENCES app.tipo_norma (tenant_id, id),
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE SET NULL (usuario_id),
    -- Sent to the Executivo and received there, in that order; the Mesa's needs neither.
    CONSTRAINT autografo_datas CHECK (
        CASE WHEN mesa THEN enviado_em IS NULL AND recebido_em IS NULL
             ELSE enviado_em IS NOT NULL AND recebido_em IS NOT NULL AND recebido_em >= enviado_em END)
);

-- One row per step, never changed (the application role may only insert).
CREATE TABLE app.autografo_passo (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    autografo_id    uuid NOT NULL,
    -- The state it leads to (domain::normas::sancao::EstadoAutografo, never the derived ones).
    estado          text NOT NULL CHECK (estado IN ('sancionado', 'sancionado_parcialmente',
                        'vetado', 'veto_mantido', 'veto_derrubado', 'promulgado')),
    -- The act's date: sanção, veto, deliberação or promulgação.
    data            date NOT NULL,
    -- The dispositivos a veto parcial names (LexML ids), and the veto's razões.
    dispositivos    text[] NOT NULL DEFAULT '{}' CHECK (cardinality(dispositivos) <= 500),
    razoes          text NOT NULL DEFAULT '' CHECK (length(razoes) <= 50000),
    -- When the câmara received the veto (its 30 days count from it).
    veto_recebido_em date,
    -- The sessão of the deliberação, if any.
    sessao_id       uuid,
    -- 'presidente' or 'mesa', for a promulgação.
    promulgador     text CHECK (promulgador IN ('presidente', 'mesa')),
    -- The norma this step made (or completed, for the parts promulgated after a derrubada).
    norma_id        uuid,
    observacao      text NOT NULL DEFAULT '' CHECK (length(observacao) <= 2000),
    registrado_em   timestamptz NOT NULL DEFAULT now(),
    usuario_id      uuid,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT autografo_passo_unico UNIQUE (tenant_id, autografo_id, estado),
    FOREIGN KEY (tenant_id, autografo_id) REFERENCES app.autografo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, sessao_id) REFERENCES app.sessao_plenaria (tenant_id, id) ON DELETE SET NULL (sessao_id),
    FOREIGN KEY (tenant_id, norma_id) REFERENCES app.norma (tenant_id, id) ON DELETE SET NULL (norma_id),
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE SET NULL (usuario_id),
    CONSTRAINT autografo_passo_veto CHECK (
        estado NOT IN ('vetado', 'sancionado_parcialmente')
        OR (length(btrim(razoes)) >= 10 AND veto_recebido_em IS NOT NULL AND veto_recebido_em >= data)),
    -- A veto parcial names its dispositivos; the promulgação after its derrubada names the
    -- parts it promulgates; no other step names any.
    CONSTRAINT autografo_passo_parcial CHECK (
        CASE estado WHEN 'sancionado_parcialmente' THEN cardinality(dispositivos) > 0
                    WHEN 'promulgado' THEN true
                    ELSE cardinality(dispositivos) = 0 END),
    CONSTRAINT autografo_passo_promulgador CHECK ((estado = 'promulgado') = (promulgador IS NOT NULL))
);
CREATE INDEX autografo_passo_historia ON app.autografo_passo (tenant_id, autografo_id, registrado_em, id);
REVOKE UPDATE, DELETE ON app.autografo_passo FROM plenario_app, plenario_platform;

ALTER TABLE app.autografo ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.autografo FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.autografo
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);
ALTER TABLE app.autografo_passo ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.autografo_passo FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.autografo_passo
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);

-- The proposição's events and situações of the path (domain::proposicoes::{TipoEvento, Situacao}).
ALTER TABLE app.proposicao_evento DROP CONSTRAINT proposicao_evento_tipo_check;
ALTER TABLE app.proposicao_evento ADD CONSTRAINT proposicao_evento_tipo_check CHECK (tipo IN (
    'protocolada', 'tramitada', 'distribuida', 'parecer', 'pronta_para_pauta', 'votada',
    'retirada', 'arquivada', 'desarquivada', 'correcao', 'enviada_sancao', 'autografo',
    'sancionada', 'vetada', 'veto_deliberado', 'promulgada'));
ALTER TABLE app.proposicao_evento DROP CONSTRAINT proposicao_evento_situacao_check;
ALTER TABLE app.proposicao_evento ADD CONSTRAINT proposicao_evento_situacao_check CHECK (situacao IN (
    'protocolada', 'em_tramitacao', 'em_comissao', 'pronta_para_pauta', 'aprovada', 'rejeitada',
    'arquivada', 'retirada', 'aguardando_sancao', 'aguardando_promulgacao', 'sancionada',
    'vetada', 'promulgada'));
ALTER TABLE app.proposicao DROP CONSTRAINT proposicao_situacao;
ALTER TABLE app.proposicao ADD CONSTRAINT proposicao_situacao CHECK (situacao IS NULL OR situacao IN (
    'protocolada', 'em_tramitacao', 'em_comissao', 'pronta_para_pauta', 'aprovada', 'rejeitada',
    'arquivada', 'retirada', 'aguardando_sancao', 'aguardando_promulgacao', 'sancionada',
    'vetada', 'promulgada'));
