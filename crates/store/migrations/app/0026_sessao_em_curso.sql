-- The plenary session runs (issue #12, core): the sessão's life (aberta, suspensa,
-- encerrada; retificação), the phases of the câmara's regimento, the pauta's items,
-- presença, and the votação per (item, turno) with one vote per councilor.

-- ------------------------------------------------------------------ the sessão's life

CREATE TABLE app.regimento_sessao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    -- The seats the law gives the câmara (NULL: the members of the day).
    cadeiras        integer CHECK (cadeiras BETWEEN 1 AND 99),
    presidente_vota text NOT NULL DEFAULT 'desempate',
    abstencao       text NOT NULL DEFAULT 'neutra',
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT regimento_sessao_unico UNIQUE (tenant_id),
    CONSTRAINT regimento_sessao_presidente CHECK (presidente_vota IN ('desempate', 'sempre')),
    CONSTRAINT regimento_sessao_abstencao CHECK (abstencao IN ('neutra', 'conta_contra'))
);

CREATE TABLE app.fase_sessao (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    nome        text NOT NULL CHECK (length(btrim(nome)) BETWEEN 3 AND 80),
    ordem       integer NOT NULL DEFAULT 0 CHECK (ordem BETWEEN 0 AND 999),
    -- The phase whose presença is the ordem do dia's.
    ordem_do_dia boolean NOT NULL DEFAULT false,
    ativo       boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT fase_sessao_nome UNIQUE (tenant_id, nome)
);

CREATE TABLE app.sessao_retificacao (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    sessao_id   uuid NOT NULL,
    motivo      text NOT NULL CHECK (length(btrim(motivo)) BETWEEN 10 AND 2000),
    antes       jsonb NOT NULL,
    depois      jsonb NOT NULL,
    usuario_id  uuid,
    criada_em   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, sessao_id) REFERENCES app.sessao_plenaria (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessao_retificacao_sessao ON app.sessao_retificacao (tenant_id, sessao_id);

ALTER TABLE app.sessao_plenaria DROP CONSTRAINT sessao_plenaria_status;
ALTER TABLE app.sessao_plenaria
    ADD CONSTRAINT sessao_plenaria_status
        CHECK (status IN ('agendada', 'aberta', 'suspensa', 'encerrada', 'cancelada')),
    ADD COLUMN fase_id uuid,
    ADD COLUMN aberta_em timestamptz,
    ADD COLUMN encerrada_em timestamptz,
    -- The last retificação: an encerrada sessão's row changes only with a new one. Not a
    -- foreign key (the retificação points at its sessão already: a cycle would leave the
    -- tables without an order for moves and restores); the trigger below checks it.
    ADD COLUMN retificacao_id uuid,
    ADD CONSTRAINT sessao_plenaria_fase FOREIGN KEY (tenant_id, fase_id)
        REFERENCES app.fase_sessao (tenant_id, id),
    ADD CONSTRAINT sessao_plenaria_aberta CHECK (
        (status IN ('agendada', 'cancelada')) = (aberta_em IS NULL)
        AND (status = 'encerrada') = (encerrada_em IS NOT NULL));

-- The moves between statuses, again in the database (domain::sessoes_plenarias::
-- StatusSessao::can_become): a raw UPDATE cannot skip a state, nothing leaves encerrada,
-- and an encerrada row changes only with a new retificação.
CREATE FUNCTION app.sessao_plenaria_transicao() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    -- Only a running sessão has a current phase (checked here, after the foreign key).
    IF NEW.fase_id IS NOT NULL AND NEW.status NOT IN ('aberta', 'suspensa') THEN
        RAISE EXCEPTION 'fase fora de uma sessão em curso'
            USING ERRCODE = '23514', CONSTRAINT = 'sessao_plenaria_fase_em_curso';
    END IF;
    IF TG_OP = 'INSERT' THEN
        RETURN NEW;
    END IF;
    IF OLD.status <> NEW.status AND (OLD.status, NEW.status) NOT IN (
        ('agendada', 'aberta'), ('agendada', 'cancelada'), ('cancelada', 'agendada'),
        ('aberta', 'suspensa'), ('suspensa', 'aberta'), ('aberta', 'encerrada'),
        ('suspensa', 'encerrada')) THEN
        RAISE EXCEPTION 'transição % → % não permitida', OLD.status, NEW.status
            USING ERRCODE = '23514', CONSTRAINT = 'sessao_plenaria_transicao';
    END IF;
    IF OLD.status <> 'agendada' AND NEW.numero <> OLD.numero THEN
        RAISE EXCEPTION 'número fixo' USING ERRCODE = '23514', CONSTRAINT = 'sessao_plenaria_numero_fixo';
    END IF;
    RETURN NEW;
END $$;

-- AFTER, like a constraint: row level security and the foreign keys (whose triggers sort
-- first) speak before it, so a row moved to another câmara is refused as such.
CREATE TRIGGER sessao_plenaria_transicao AFTER INSERT OR UPDATE ON app.sessao_plenaria
    FOR EACH ROW EXECUTE FUNCTION app.sessao_plenaria_transicao();

-- An encerrada row changes only with a new retificação of its own (UPDATE only: an insert
-- never needs one, and the moves' table order reads INSERT triggers as dependencies).
CREATE FUNCTION app.sessao_plenaria_retificada() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    IF OLD.status = 'encerrada' AND (NEW.retificacao_id IS NOT DISTINCT FROM OLD.retificacao_id
        OR NOT EXISTS (SELECT 1 FROM app.sessao_retificacao r
                        WHERE r.tenant_id = NEW.tenant_id AND r.id = NEW.retificacao_id
                          AND r.sessao_id = NEW.id)) THEN
        RAISE EXCEPTION 'sessão encerrada sem retificação'
            USING ERRCODE = '23514', CONSTRAINT = 'sessao_plenaria_encerrada';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER sessao_plenaria_retificada AFTER UPDATE ON app.sessao_plenaria
    FOR EACH ROW EXECUTE FUNCTION app.sessao_plenaria_retificada();

-- ------------------------------------------------------------------ pauta

CREATE TABLE app.pauta_item (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    sessao_id       uuid NOT NULL,
    fase_id         uuid,
    ordem           integer NOT NULL CHECK (ordem BETWEEN 1 AND 9999),
    proposicao_id   uuid,
    descricao       text NOT NULL DEFAULT '' CHECK (length(descricao) <= 2000),
    tipo_acao       text NOT NULL,
    quorum          text NOT NULL DEFAULT 'maioria_simples',
    turno           smallint NOT NULL DEFAULT 1 CHECK (turno BETWEEN 1 AND 2),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, sessao_id) REFERENCES app.sessao_plenaria (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT pauta_item_fase FOREIGN KEY (tenant_id, fase_id) REFERENCES app.fase_sessao (tenant_id, id),
    CONSTRAINT pauta_item_proposicao FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id),
    CONSTRAINT pauta_item_ordem UNIQUE (tenant_id, sessao_id, ordem),
    CONSTRAINT pauta_item_repetido UNIQUE (tenant_id, sessao_id, proposicao_id, turno),
    CONSTRAINT pauta_item_tipo_acao CHECK (tipo_acao IN ('leitura', 'discussao', 'votacao', 'discussao_votacao')),
    CONSTRAINT pauta_item_quorum CHECK (quorum IN ('maioria_simples', 'maioria_absoluta', 'dois_tercos', 'tres_quintos', 'unanimidade')),
    -- A free item says what it is.
    CONSTRAINT pauta_item_descricao CHECK (proposicao_id IS NOT NULL OR length(btrim(descricao)) >= 3)
);

-- ------------------------------------------------------------------ presença

CREATE TABLE app.presenca (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    sessao_id       uuid NOT NULL,
    parlamentar_id  uuid NOT NULL,
    ambito          text NOT NULL,
    situacao        text NOT NULL,
    justificativa   text,
    -- Marked by the councilor from their own account (self check-in), or by the operator.
    pelo_proprio    boolean NOT NULL DEFAULT false,
    usuario_id      uuid,
    registrada_em   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, sessao_id) REFERENCES app.sessao_plenaria (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT presenca_parlamentar FOREIGN KEY (tenant_id, parlamentar_id) REFERENCES app.parlamentar (tenant_id, id),
    CONSTRAINT presenca_unica UNIQUE (tenant_id, sessao_id, parlamentar_id, ambito),
    CONSTRAINT presenca_ambito CHECK (ambito IN ('sessao', 'ordem_do_dia')),
    CONSTRAINT presenca_situacao CHECK (situacao IN ('presente', 'ausente', 'justificada')),
    CONSTRAINT presenca_justificativa CHECK (
        (situacao = 'justificada') = (justificativa IS NOT NULL)
        AND (justificativa IS NULL OR length(btrim(justificativa)) BETWEEN 3 AND 1000))
);

-- ------------------------------------------------------------------ votação

CREATE TABLE app.votacao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    sessao_id       uuid NOT NULL,
    item_id         uuid NOT NULL,
    turno           smallint NOT NULL CHECK (turno BETWEEN 1 AND 2),
    tipo            text NOT NULL,
    status          text NOT NULL DEFAULT 'aberta',
    quorum          text NOT NULL,
    -- Secret votes add here, and nowhere else; the others are counted at the close.
    sim             integer NOT NULL DEFAULT 0 CHECK (sim >= 0),
    nao             integer NOT NULL DEFAULT 0 CHECK (nao >= 0),
    abstencao       integer NOT NULL DEFAULT 0 CHECK (abstencao >= 0),
    -- At the close: the presentes and the seats the result was computed with.
    presentes       integer,
    cadeiras        integer,
    resultado       text,
    resultado_calculado text,
    explicacao      text,
    -- An operator's override of the computed result, always with its justification.
    justificativa   text,
    motivo          text,
    evento_id       uuid,
    aberta_em       timestamptz NOT NULL DEFAULT now(),
    encerrada_em    timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, sessao_id) REFERENCES app.sessao_plenaria (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT votacao_item FOREIGN KEY (tenant_id, item_id) REFERENCES app.pauta_item (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT votacao_tipo CHECK (tipo IN ('simbolica', 'nominal', 'secreta')),
    CONSTRAINT votacao_status CHECK (status IN ('aberta', 'travada', 'encerrada', 'cancelada')),
    CONSTRAINT votacao_quorum CHECK (quorum IN ('maioria_simples', 'maioria_absoluta', 'dois_tercos', 'tres_quintos', 'unanimidade')),
    CONSTRAINT votacao_resultado CHECK (
        (status = 'encerrada') = (resultado IS NOT NULL AND resultado_calculado IS NOT NULL)
        AND (resultado IS NULL OR resultado IN ('aprovada', 'rejeitada', 'sem_quorum'))
        AND (resultado_calculado IS NULL OR resultado_calculado IN ('aprovada', 'rejeitada', 'sem_quorum'))),
    -- A result other than the computed one has a written justification.
    CONSTRAINT votacao_justificativa CHECK (
        (justificativa IS NOT NULL) = (resultado IS DISTINCT FROM resultado_calculado)
        AND (justificativa IS NULL OR length(btrim(justificativa)) BETWEEN 10 AND 2000)),
    CONSTRAINT votacao_motivo CHECK (motivo IS NULL OR length(btrim(motivo)) BETWEEN 10 AND 2000)
);
-- One live votação per (item, turno) (a cancelled one frees it).
CREATE UNIQUE INDEX votacao_item_turno ON app.votacao (tenant_id, item_id, turno)
    WHERE status <> 'cancelada';
CREATE INDEX votacao_sessao ON app.votacao (tenant_id, sessao_id);

-- A nominal vote: one per councilor and votação (the database's rule).
CREATE TABLE app.voto (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    votacao_id      uuid NOT NULL,
    parlamentar_id  uuid NOT NULL,
    voto            text NOT NULL CHECK (voto IN ('sim', 'nao', 'abstencao')),
    registrado_em   timestamptz NOT NULL DEFAULT now(),
    alterado_em     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, votacao_id) REFERENCES app.votacao (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT voto_parlamentar FOREIGN KEY (tenant_id, parlamentar_id) REFERENCES app.parlamentar (tenant_id, id),
    CONSTRAINT voto_unico UNIQUE (tenant_id, votacao_id, parlamentar_id)
);

-- Every change of a nominal vote until the close.
CREATE TABLE app.voto_historico (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    voto_id         uuid NOT NULL,
    anterior        text NOT NULL CHECK (anterior IN ('sim', 'nao', 'abstencao')),
    novo            text NOT NULL CHECK (novo IN ('sim', 'nao', 'abstencao')),
    em              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, voto_id) REFERENCES app.voto (tenant_id, id) ON DELETE CASCADE
);

-- Who took part in a secret votação (turnout), and nothing else: no vote, no time, a
-- random id (no order of arrival).
CREATE TABLE app.votacao_participacao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    votacao_id      uuid NOT NULL,
    parlamentar_id  uuid NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, votacao_id) REFERENCES app.votacao (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT votacao_participacao_parlamentar FOREIGN KEY (tenant_id, parlamentar_id) REFERENCES app.parlamentar (tenant_id, id),
    CONSTRAINT votacao_participacao_unica UNIQUE (tenant_id, votacao_id, parlamentar_id)
);

-- A vote (nominal or secret) only into an aberta votação of its kind, the votação row
-- locked FOR SHARE so a concurrent close waits for it and no vote lands after the close.
CREATE FUNCTION app.voto_aberta() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE v record;
BEGIN
    -- A copy of the câmara (a move, a restore: the cluster's administrator, after the
    -- votação's own row) carries the votes of closed votações as they were.
    IF current_setting('is_superuser') = 'on' OR current_user = 'plenario_owner' THEN
        RETURN NEW;
    END IF;
    SELECT status, tipo INTO v FROM app.votacao
     WHERE tenant_id = NEW.tenant_id AND id = NEW.votacao_id FOR SHARE;
    IF FOUND AND (v.status <> 'aberta'
        OR (TG_TABLE_NAME = 'voto') <> (v.tipo = 'nominal')
        OR (TG_TABLE_NAME = 'votacao_participacao') <> (v.tipo = 'secreta')) THEN
        RAISE EXCEPTION 'votação fechada ou de outro tipo'
            USING ERRCODE = '23514', CONSTRAINT = 'voto_votacao_aberta';
    END IF;
    RETURN NEW;
END $$;

-- AFTER, like a constraint (row level security and the foreign keys speak first).
CREATE TRIGGER voto_aberta AFTER INSERT OR UPDATE ON app.voto
    FOR EACH ROW EXECUTE FUNCTION app.voto_aberta();
CREATE TRIGGER votacao_participacao_aberta AFTER INSERT OR UPDATE ON app.votacao_participacao
    FOR EACH ROW EXECUTE FUNCTION app.voto_aberta();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['regimento_sessao', 'fase_sessao', 'sessao_retificacao', 'pauta_item',
                             'presenca', 'votacao', 'voto', 'voto_historico', 'votacao_participacao'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;

-- The defaults for the câmaras that already exist (new ones get them at provisioning,
-- store::sessoes_plenarias::padroes).
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tenant_id FROM plenario.resident LOOP
        PERFORM set_config('app.tenant_id', r.tenant_id::text, true);
        INSERT INTO app.regimento_sessao (tenant_id, id) VALUES (r.tenant_id, gen_random_uuid())
        ON CONFLICT (tenant_id) DO NOTHING;
        INSERT INTO app.fase_sessao (tenant_id, id, nome, ordem, ordem_do_dia)
        SELECT r.tenant_id, gen_random_uuid(), d.nome, d.ordem, d.od
          FROM (VALUES ('Pequeno Expediente', 1, false), ('Grande Expediente', 2, false),
                       ('Ordem do Dia', 3, true), ('Explicações Pessoais', 4, false))
               AS d (nome, ordem, od)
        ON CONFLICT (tenant_id, nome) DO NOTHING;
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
