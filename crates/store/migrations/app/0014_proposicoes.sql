-- Proposições: the câmara's tipos, the proposições with their autores, the unidades they
-- travel between, and the immutable history of events their situação is derived from.

CREATE TABLE app.tipo_proposicao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    sigla           text NOT NULL CHECK (sigla ~ '^[A-Z][A-Z0-9]{0,9}$'),
    nome            text NOT NULL CHECK (length(btrim(nome)) BETWEEN 3 AND 120),
    -- domain::proposicoes::EscopoNumeracao
    escopo_numeracao text NOT NULL DEFAULT 'ano' CHECK (escopo_numeracao IN ('ano', 'legislatura', 'unico')),
    vai_a_comissoes boolean NOT NULL DEFAULT true,
    turnos          smallint NOT NULL DEFAULT 1 CHECK (turnos BETWEEN 1 AND 3),
    intersticio_dias_uteis smallint NOT NULL DEFAULT 0 CHECK (intersticio_dias_uteis BETWEEN 0 AND 60),
    -- One quórum per turno (domain::proposicoes::Quorum).
    quorum          text[] NOT NULL DEFAULT '{maioria_simples}',
    sancao          boolean NOT NULL DEFAULT false,
    nominal_obrigatoria boolean NOT NULL DEFAULT false,
    -- Emendas, subemendas, substitutivos: their proposições belong to another one.
    acessorio       boolean NOT NULL DEFAULT false,
    ativo           boolean NOT NULL DEFAULT true,
    ordem           integer NOT NULL DEFAULT 0 CHECK (ordem BETWEEN 0 AND 1000),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT tipo_proposicao_sigla UNIQUE (tenant_id, sigla),
    CONSTRAINT tipo_proposicao_quorum CHECK (
        cardinality(quorum) = turnos
        AND quorum <@ ARRAY['maioria_simples', 'maioria_absoluta', 'dois_tercos', 'tres_quintos'])
);

-- The comissões a tipo goes to by default.
CREATE TABLE app.tipo_proposicao_comissao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    tipo_id         uuid NOT NULL,
    comissao_id     uuid NOT NULL,
    ordem           smallint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT tipo_proposicao_comissao_unica UNIQUE (tenant_id, tipo_id, comissao_id),
    FOREIGN KEY (tenant_id, tipo_id) REFERENCES app.tipo_proposicao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, comissao_id) REFERENCES app.comissao (tenant_id, id) ON DELETE CASCADE
);

-- Where proposições go: comissões, secretaria, procuradoria, plenário, executivo, arquivo.
CREATE TABLE app.unidade (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    nome            text NOT NULL CHECK (length(btrim(nome)) BETWEEN 2 AND 160),
    -- domain::proposicoes::TipoUnidade
    tipo            text NOT NULL CHECK (tipo IN ('comissao', 'secretaria', 'procuradoria',
                        'plenario', 'executivo', 'arquivo', 'outra')),
    comissao_id     uuid,
    ativa           boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT unidade_nome UNIQUE (tenant_id, nome),
    CONSTRAINT unidade_comissao UNIQUE (tenant_id, comissao_id),
    FOREIGN KEY (tenant_id, comissao_id) REFERENCES app.comissao (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT unidade_comissao_tipo CHECK ((tipo = 'comissao') = (comissao_id IS NOT NULL))
);

CREATE TABLE app.proposicao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    tipo_id         uuid NOT NULL,
    numero          integer NOT NULL CHECK (numero > 0),
    ano             integer NOT NULL CHECK (ano BETWEEN 1800 AND 2200),
    -- The counter scope the number came from (domain::proposicoes::escopo_numeracao).
    escopo          text NOT NULL,
    -- Emendas, subemendas and substitutivos belong to a proposição (their mãe).
    mae_id          uuid,
    ementa          text NOT NULL CHECK (length(btrim(ementa)) BETWEEN 10 AND 2000),
    texto           text NOT NULL DEFAULT '' CHECK (length(texto) <= 500000),
    justificativa   text NOT NULL DEFAULT '' CHECK (length(justificativa) <= 200000),
    -- domain::proposicoes::Regime
    regime          text NOT NULL DEFAULT 'ordinario' CHECK (regime IN ('ordinario', 'prioridade',
                        'urgencia', 'urgencia_urgentissima')),
    apresentada_em  date NOT NULL,
    -- Indexação (free terms) and assuntos (the câmara's subjects), for search and filters.
    indexacao       text NOT NULL DEFAULT '' CHECK (length(indexacao) <= 2000),
    assuntos        text[] NOT NULL DEFAULT '{}' CHECK (cardinality(assuntos) <= 20),
    -- Derived: the situação of the latest event, written only by proposicao_evento's trigger.
    situacao        text,
    situacao_desde  timestamptz,
    ultimo_evento_id uuid,
    criado_em       timestamptz NOT NULL DEFAULT now(),
    atualizado_em   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT proposicao_numero UNIQUE (tenant_id, escopo, numero),
    FOREIGN KEY (tenant_id, tipo_id) REFERENCES app.tipo_proposicao (tenant_id, id),
    FOREIGN KEY (tenant_id, mae_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT proposicao_situacao CHECK (situacao IS NULL OR situacao IN ('protocolada',
        'em_tramitacao', 'em_comissao', 'pronta_para_pauta', 'aprovada', 'rejeitada',
        'arquivada', 'retirada'))
);
CREATE INDEX proposicao_lista ON app.proposicao (tenant_id, ano DESC, numero DESC);
CREATE INDEX proposicao_tipo ON app.proposicao (tenant_id, tipo_id, ano DESC, numero DESC);
CREATE INDEX proposicao_mae ON app.proposicao (tenant_id, mae_id) WHERE mae_id IS NOT NULL;
CREATE INDEX proposicao_por_situacao ON app.proposicao (tenant_id, situacao);

CREATE TABLE app.proposicao_autor (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    proposicao_id   uuid NOT NULL,
    -- domain::proposicoes::TipoAutor
    tipo            text NOT NULL CHECK (tipo IN ('parlamentar', 'comissao', 'mesa', 'executivo',
                        'popular', 'outro')),
    parlamentar_id  uuid,
    comissao_id     uuid,
    -- The name shown for autores that are not a parlamentar or comissão.
    nome            text NOT NULL DEFAULT '' CHECK (length(nome) <= 200),
    primeiro        boolean NOT NULL DEFAULT false,
    ordem           smallint NOT NULL DEFAULT 0,
    subscrito_em    date NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, parlamentar_id) REFERENCES app.parlamentar (tenant_id, id),
    FOREIGN KEY (tenant_id, comissao_id) REFERENCES app.comissao (tenant_id, id),
    CONSTRAINT proposicao_autor_quem CHECK (
        CASE tipo WHEN 'parlamentar' THEN parlamentar_id IS NOT NULL AND comissao_id IS NULL
                  WHEN 'comissao' THEN comissao_id IS NOT NULL AND parlamentar_id IS NULL
                  ELSE parlamentar_id IS NULL AND comissao_id IS NULL
                       AND length(btrim(nome)) >= 2 END),
    CONSTRAINT proposicao_autor_parlamentar UNIQUE (tenant_id, proposicao_id, parlamentar_id),
    CONSTRAINT proposicao_autor_comissao UNIQUE (tenant_id, proposicao_id, comissao_id)
);
CREATE UNIQUE INDEX proposicao_autor_um_primeiro ON app.proposicao_autor (tenant_id, proposicao_id)
    WHERE primeiro;
CREATE INDEX proposicao_autor_parlamentar_idx ON app.proposicao_autor (tenant_id, parlamentar_id)
    WHERE parlamentar_id IS NOT NULL;

-- The history: one row per event, never changed (the application role may only insert;
-- a correction is a new event). Deleting a proposição removes its history with it.
CREATE TABLE app.proposicao_evento (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    proposicao_id   uuid NOT NULL,
    -- domain::proposicoes::TipoEvento
    tipo            text NOT NULL CHECK (tipo IN ('protocolada', 'tramitada', 'distribuida',
                        'parecer', 'pronta_para_pauta', 'votada', 'retirada', 'arquivada',
                        'desarquivada', 'correcao')),
    -- The situação the proposição reached (domain::proposicoes::aplicar).
    situacao        text NOT NULL CHECK (situacao IN ('protocolada', 'em_tramitacao',
                        'em_comissao', 'pronta_para_pauta', 'aprovada', 'rejeitada',
                        'arquivada', 'retirada')),
    unidade_id      uuid,
    descricao       text NOT NULL CHECK (length(btrim(descricao)) BETWEEN 2 AND 4000),
    ocorrido_em     timestamptz NOT NULL DEFAULT now(),
    -- The event of the principal this one follows (anexadas tramitam com a principal).
    origem_id       uuid,
    usuario_id      uuid,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, unidade_id) REFERENCES app.unidade (tenant_id, id),
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE SET NULL (usuario_id)
);
CREATE INDEX proposicao_evento_historia ON app.proposicao_evento (tenant_id, proposicao_id, ocorrido_em, id);
REVOKE UPDATE, DELETE ON app.proposicao_evento FROM plenario_app, plenario_platform;

-- The proposição's situação follows its latest event.
CREATE FUNCTION app.proposicao_situacao_do_evento() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The latest by (ocorrido_em, id): ids are time-ordered (v7), so events recorded in
    -- the same instant keep their order, and a copy inserting them in any order (a move)
    -- ends with the same situação. atualizado_em is left alone: it is the last edit of the
    -- proposição's own data (situacao_desde says when the situação changed), so a move that
    -- replays the events keeps every column as it was.
    UPDATE app.proposicao
       SET situacao = NEW.situacao, situacao_desde = NEW.ocorrido_em, ultimo_evento_id = NEW.id
     WHERE tenant_id = NEW.tenant_id AND id = NEW.proposicao_id
       AND (situacao_desde IS NULL OR (situacao_desde, ultimo_evento_id) < (NEW.ocorrido_em, NEW.id));
    RETURN NULL;
END $$;
CREATE TRIGGER proposicao_situacao_do_evento AFTER INSERT ON app.proposicao_evento
    FOR EACH ROW EXECUTE FUNCTION app.proposicao_situacao_do_evento();

-- Nobody writes the situação directly: only the trigger above does (it runs one level down).
CREATE FUNCTION app.proposicao_situacao_derivada() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() > 1 THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- A new proposição has no history yet (a copy rebuilds it from the events).
        NEW.situacao := NULL;
        NEW.situacao_desde := NULL;
        NEW.ultimo_evento_id := NULL;
    ELSIF NEW.situacao IS DISTINCT FROM OLD.situacao
       OR NEW.ultimo_evento_id IS DISTINCT FROM OLD.ultimo_evento_id
       OR NEW.situacao_desde IS DISTINCT FROM OLD.situacao_desde THEN
        RAISE EXCEPTION 'a situação de uma proposição deriva dos seus eventos'
            USING ERRCODE = '23514', CONSTRAINT = 'proposicao_situacao_derivada';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER proposicao_situacao_derivada BEFORE INSERT OR UPDATE ON app.proposicao
    FOR EACH ROW EXECUTE FUNCTION app.proposicao_situacao_derivada();

-- An acessório tipo (emenda, subemenda, substitutivo) needs a mãe; the others have none.
CREATE FUNCTION app.proposicao_acessoria() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE ac boolean;
BEGIN
    SELECT acessorio INTO ac FROM app.tipo_proposicao
     WHERE tenant_id = NEW.tenant_id AND id = NEW.tipo_id;
    -- A tipo or mãe this câmara cannot see (another câmara's, or no câmara set) is the
    -- foreign keys' and the policy's to refuse, with their own codes.
    IF NOT FOUND OR (NEW.mae_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM app.proposicao WHERE tenant_id = NEW.tenant_id AND id = NEW.mae_id)) THEN
        RETURN NEW;
    END IF;
    IF ac <> (NEW.mae_id IS NOT NULL) THEN
        RAISE EXCEPTION 'emendas pertencem a uma proposição; as demais não'
            USING ERRCODE = '23514', CONSTRAINT = 'proposicao_acessoria';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER proposicao_acessoria BEFORE INSERT OR UPDATE OF tipo_id, mae_id ON app.proposicao
    FOR EACH ROW EXECUTE FUNCTION app.proposicao_acessoria();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tipo_proposicao', 'tipo_proposicao_comissao', 'unidade',
                             'proposicao', 'proposicao_autor', 'proposicao_evento'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;

-- What every câmara starts with: the usual tipos and the unidades that are not comissões.
-- One home for the defaults: provisioning calls this too (store::proposicoes::padroes).
CREATE FUNCTION app.proposicoes_padroes(tenant integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO app.tipo_proposicao (tenant_id, id, sigla, nome, escopo_numeracao, vai_a_comissoes,
                                     turnos, intersticio_dias_uteis, quorum, sancao,
                                     nominal_obrigatoria, acessorio, ordem)
    SELECT tenant, gen_random_uuid(), d.sigla, d.nome, 'ano', d.comissoes, d.turnos, d.inter,
           d.quorum, d.sancao, d.nominal, d.acessorio, d.ordem
      FROM (VALUES
        ('PL',   'Projeto de Lei',                     true,  1, 0, '{maioria_simples}'::text[], true,  false, false, 1),
        ('PLC',  'Projeto de Lei Complementar',        true,  1, 0, '{maioria_absoluta}',         true,  true,  false, 2),
        ('PR',   'Projeto de Resolução',               true,  1, 0, '{maioria_simples}',          false, false, false, 3),
        ('PDL',  'Projeto de Decreto Legislativo',     true,  1, 0, '{maioria_simples}',          false, false, false, 4),
        ('PELO', 'Proposta de Emenda à Lei Orgânica',  true,  2, 10, '{dois_tercos,dois_tercos}', false, true,  false, 5),
        ('REQ',  'Requerimento',                       false, 1, 0, '{maioria_simples}',          false, false, false, 6),
        ('IND',  'Indicação',                          false, 1, 0, '{maioria_simples}',          false, false, false, 7),
        ('MOC',  'Moção',                              false, 1, 0, '{maioria_simples}',          false, false, false, 8),
        ('VETO', 'Veto',                               true,  1, 0, '{maioria_absoluta}',         false, true,  false, 9),
        ('EME',  'Emenda',                             true,  1, 0, '{maioria_simples}',          false, false, true,  10),
        ('SUB',  'Subemenda',                          true,  1, 0, '{maioria_simples}',          false, false, true,  11),
        ('SUBS', 'Substitutivo',                       true,  1, 0, '{maioria_simples}',          false, false, true,  12)
      ) AS d (sigla, nome, comissoes, turnos, inter, quorum, sancao, nominal, acessorio, ordem)
    ON CONFLICT (tenant_id, sigla) DO NOTHING;
    INSERT INTO app.unidade (tenant_id, id, nome, tipo)
    SELECT tenant, gen_random_uuid(), d.nome, d.tipo
      FROM (VALUES ('Protocolo', 'secretaria'), ('Secretaria Legislativa', 'secretaria'),
                   ('Procuradoria Jurídica', 'procuradoria'), ('Plenário', 'plenario'),
                   ('Poder Executivo', 'executivo'), ('Arquivo', 'arquivo')) AS d (nome, tipo)
    ON CONFLICT (tenant_id, nome) DO NOTHING;
    -- Every comissão is a unidade (store::comissoes keeps them in step).
    INSERT INTO app.unidade (tenant_id, id, nome, tipo, comissao_id)
    SELECT c.tenant_id, gen_random_uuid(), c.nome, 'comissao', c.id
      FROM app.comissao c WHERE c.tenant_id = tenant
    ON CONFLICT DO NOTHING;
$$;

DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tenant_id FROM plenario.resident LOOP
        PERFORM set_config('app.tenant_id', r.tenant_id::text, true);
        PERFORM app.proposicoes_padroes(r.tenant_id);
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
