-- Comissões at work: distribuição of proposições by despacho, relatorias with their prazo,
-- the relator's parecer and the comissão's recorded vote on it, reuniões with pauta,
-- presença and ata; and the emendas' own data (tipo, dispositivo, parecer) with the
-- versioned text of a proposição (original, substitutivo aprovado, redação final).
-- The events of the proposições (distribuída, parecer, pronta para a pauta, votada) go
-- through store::proposicoes::registrar_evento; these tables keep the comissão's side.

-- A proposição sent to a comissão by despacho (once per comissão).
CREATE TABLE app.distribuicao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    proposicao_id   uuid NOT NULL,
    comissao_id     uuid NOT NULL,
    -- The order in which the comissões examine it (1 first).
    ordem           smallint NOT NULL CHECK (ordem BETWEEN 1 AND 50),
    data            date NOT NULL,
    despacho        text NOT NULL CHECK (length(btrim(despacho)) BETWEEN 2 AND 4000),
    -- The proposição's event that recorded it.
    evento_id       uuid,
    criado_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT distribuicao_unica UNIQUE (tenant_id, proposicao_id, comissao_id),
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, comissao_id) REFERENCES app.comissao (tenant_id, id),
    FOREIGN KEY (tenant_id, evento_id) REFERENCES app.proposicao_evento (tenant_id, id)
);
CREATE INDEX distribuicao_comissao ON app.distribuicao (tenant_id, comissao_id, data DESC);

-- The relator of a distribuição: one at a time, history kept (a redistribution ends the
-- current one and starts another).
CREATE TABLE app.relatoria (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    distribuicao_id uuid NOT NULL,
    membro_id       uuid NOT NULL,
    designada_em    date NOT NULL,
    -- Dias úteis given, and the day the prazo ends (domain::calendario).
    prazo_dias      smallint NOT NULL CHECK (prazo_dias BETWEEN 0 AND 365),
    prazo           date NOT NULL,
    encerrada_em    date,
    motivo_fim      text NOT NULL DEFAULT '' CHECK (length(motivo_fim) <= 500),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, distribuicao_id) REFERENCES app.distribuicao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, membro_id) REFERENCES app.membro_comissao (tenant_id, id),
    CONSTRAINT relatoria_prazo CHECK (prazo >= designada_em),
    CONSTRAINT relatoria_fim CHECK (encerrada_em IS NULL OR encerrada_em >= designada_em)
);
CREATE UNIQUE INDEX relatoria_uma_aberta ON app.relatoria (tenant_id, distribuicao_id)
    WHERE encerrada_em IS NULL;

-- The relator is a member of the distribuição's comissão, serving on the designação date.
-- Rows this câmara cannot see are left to the foreign keys and row security.
CREATE FUNCTION app.relatoria_membro() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE m record; comissao uuid;
BEGIN
    SELECT comissao_id, designacao, desligamento INTO m FROM app.membro_comissao
     WHERE tenant_id = NEW.tenant_id AND id = NEW.membro_id;
    IF NOT FOUND THEN
        RETURN NEW; -- the foreign key refuses it
    END IF;
    SELECT comissao_id INTO comissao FROM app.distribuicao
     WHERE tenant_id = NEW.tenant_id AND id = NEW.distribuicao_id;
    IF NOT FOUND THEN
        RETURN NEW; -- the foreign key refuses it
    END IF;
    IF m.comissao_id <> comissao OR m.designacao > NEW.designada_em
       OR (m.desligamento IS NOT NULL AND m.desligamento < NEW.designada_em) THEN
        RAISE EXCEPTION 'o relator deve ser membro da comissão em exercício'
            USING ERRCODE = '23514', CONSTRAINT = 'relatoria_membro_atual';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER relatoria_membro BEFORE INSERT OR UPDATE OF membro_id, distribuicao_id, designada_em
    ON app.relatoria FOR EACH ROW EXECUTE FUNCTION app.relatoria_membro();

-- The relator's parecer (domain::comissoes::Conclusao), with its text and optional PDF.
CREATE TABLE app.parecer (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    relatoria_id    uuid NOT NULL,
    distribuicao_id uuid NOT NULL,
    conclusao       text NOT NULL CHECK (conclusao IN ('favoravel', 'contrario', 'favoravel_com_emendas')),
    texto           text NOT NULL CHECK (length(btrim(texto)) BETWEEN 10 AND 200000),
    data            date NOT NULL,
    arquivo_key     text,
    arquivo_nome    text CHECK (length(arquivo_nome) <= 200),
    arquivo_tamanho bigint CHECK (arquivo_tamanho BETWEEN 1 AND 20971520),
    -- Once the comissão decided (domain::comissoes::Resultado, never sem_quorum here).
    resultado       text CHECK (resultado IN ('aprovado', 'rejeitado')),
    -- The proposição's Parecer event, when approved (the parecer da comissão).
    evento_id       uuid,
    criado_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, relatoria_id) REFERENCES app.relatoria (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, distribuicao_id) REFERENCES app.distribuicao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, evento_id) REFERENCES app.proposicao_evento (tenant_id, id),
    CONSTRAINT parecer_arquivo CHECK ((arquivo_key IS NULL) = (arquivo_nome IS NULL)
                                      AND (arquivo_key IS NULL) = (arquivo_tamanho IS NULL))
);
-- One parecer da comissão per distribuição; one parecer waiting for its vote at a time.
CREATE UNIQUE INDEX parecer_um_aprovado ON app.parecer (tenant_id, distribuicao_id)
    WHERE resultado = 'aprovado';
CREATE UNIQUE INDEX parecer_um_pendente ON app.parecer (tenant_id, distribuicao_id)
    WHERE resultado IS NULL;

-- A vote of the comissão on a parecer; a vote without quórum decides nothing and the
-- parecer can be voted again (each attempt is kept).
CREATE TABLE app.votacao_parecer (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    parecer_id      uuid NOT NULL,
    data            date NOT NULL,
    membros         smallint NOT NULL CHECK (membros > 0),
    sim             smallint NOT NULL CHECK (sim >= 0),
    nao             smallint NOT NULL CHECK (nao >= 0),
    abstencoes      smallint NOT NULL CHECK (abstencoes >= 0),
    ausentes        smallint NOT NULL CHECK (ausentes >= 0),
    resultado       text NOT NULL CHECK (resultado IN ('aprovado', 'rejeitado', 'sem_quorum')),
    criado_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, parecer_id) REFERENCES app.parecer (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT votacao_parecer_conta CHECK (sim + nao + abstencoes + ausentes = membros)
);
CREATE UNIQUE INDEX votacao_parecer_decisiva ON app.votacao_parecer (tenant_id, parecer_id)
    WHERE resultado <> 'sem_quorum';

-- Each member's vote (domain::comissoes::Voto).
CREATE TABLE app.voto_parecer (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    votacao_id      uuid NOT NULL,
    membro_id       uuid NOT NULL,
    voto            text NOT NULL CHECK (voto IN ('sim', 'nao', 'abstencao', 'ausente')),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT voto_parecer_unico UNIQUE (tenant_id, votacao_id, membro_id),
    FOREIGN KEY (tenant_id, votacao_id) REFERENCES app.votacao_parecer (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, membro_id) REFERENCES app.membro_comissao (tenant_id, id)
);

-- Reuniões de comissão (simple: the session engine will generalise them).
CREATE TABLE app.reuniao_comissao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    comissao_id     uuid NOT NULL,
    numero          integer NOT NULL CHECK (numero > 0),
    ano             integer NOT NULL CHECK (ano BETWEEN 1800 AND 2200),
    data            date NOT NULL,
    hora            time NOT NULL,
    local           text NOT NULL CHECK (length(btrim(local)) BETWEEN 2 AND 200),
    ata             text NOT NULL DEFAULT '' CHECK (length(ata) <= 200000),
    criado_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT reuniao_comissao_numero UNIQUE (tenant_id, comissao_id, ano, numero),
    FOREIGN KEY (tenant_id, comissao_id) REFERENCES app.comissao (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX reuniao_comissao_data ON app.reuniao_comissao (tenant_id, comissao_id, data DESC);

CREATE TABLE app.reuniao_pauta (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    reuniao_id      uuid NOT NULL,
    proposicao_id   uuid NOT NULL,
    ordem           smallint NOT NULL CHECK (ordem BETWEEN 1 AND 500),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT reuniao_pauta_unica UNIQUE (tenant_id, reuniao_id, proposicao_id),
    FOREIGN KEY (tenant_id, reuniao_id) REFERENCES app.reuniao_comissao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE app.reuniao_presenca (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    reuniao_id      uuid NOT NULL,
    membro_id       uuid NOT NULL,
    presente        boolean NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT reuniao_presenca_unica UNIQUE (tenant_id, reuniao_id, membro_id),
    FOREIGN KEY (tenant_id, reuniao_id) REFERENCES app.reuniao_comissao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, membro_id) REFERENCES app.membro_comissao (tenant_id, id)
);

-- What an emenda, subemenda or substitutivo (a proposição with a mãe) says of itself.
CREATE TABLE app.emenda (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    proposicao_id   uuid NOT NULL,
    -- domain::emendas::Especie and TipoEmenda.
    especie         text NOT NULL CHECK (especie IN ('emenda', 'subemenda', 'substitutivo')),
    tipo_emenda     text NOT NULL CHECK (tipo_emenda IN ('aditiva', 'modificativa', 'supressiva',
                        'substitutiva', 'aglutinativa')),
    -- The emenda a subemenda belongs to.
    emenda_id       uuid,
    dispositivo     text NOT NULL DEFAULT '' CHECK (length(dispositivo) <= 200),
    -- The parecer proposing it (favorável com emendas), when a relator proposed it.
    parecer_id      uuid,
    -- The comissão's opinion on the emenda.
    parecer_conclusao text CHECK (parecer_conclusao IN ('favoravel', 'contrario')),
    parecer_texto   text NOT NULL DEFAULT '' CHECK (length(parecer_texto) <= 100000),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT emenda_proposicao UNIQUE (tenant_id, proposicao_id),
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, emenda_id) REFERENCES app.emenda (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, parecer_id) REFERENCES app.parecer (tenant_id, id) ON DELETE SET NULL (parecer_id),
    CONSTRAINT emenda_substitutivo CHECK (especie <> 'substitutivo' OR tipo_emenda = 'substitutiva')
);

-- An emenda's proposição has a mãe; a subemenda belongs to an emenda (not a subemenda nor
-- a substitutivo) of the same mãe; nothing else belongs to an emenda.
CREATE FUNCTION app.emenda_valida() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE mae uuid; pai record;
BEGIN
    SELECT mae_id INTO mae FROM app.proposicao
     WHERE tenant_id = NEW.tenant_id AND id = NEW.proposicao_id;
    IF NOT FOUND THEN
        RETURN NEW; -- the foreign key refuses it
    END IF;
    IF NEW.emenda_id IS NOT NULL THEN
        SELECT e.especie, p.mae_id INTO pai FROM app.emenda e
          JOIN app.proposicao p ON p.tenant_id = e.tenant_id AND p.id = e.proposicao_id
         WHERE e.tenant_id = NEW.tenant_id AND e.id = NEW.emenda_id;
        IF NOT FOUND THEN
            RETURN NEW; -- the foreign key refuses it
        END IF;
    END IF;
    IF mae IS NULL THEN
        RAISE EXCEPTION 'uma emenda pertence a uma proposição'
            USING ERRCODE = '23514', CONSTRAINT = 'emenda_sem_mae';
    END IF;
    IF (NEW.especie = 'subemenda') <> (NEW.emenda_id IS NOT NULL) THEN
        RAISE EXCEPTION 'só uma subemenda pertence a uma emenda, e sempre a uma'
            USING ERRCODE = '23514', CONSTRAINT = 'emenda_subemenda';
    END IF;
    IF NEW.emenda_id IS NOT NULL THEN
        IF pai.especie <> 'emenda' OR pai.mae_id IS DISTINCT FROM mae THEN
            RAISE EXCEPTION 'a subemenda deve pertencer a uma emenda da mesma proposição'
                USING ERRCODE = '23514', CONSTRAINT = 'emenda_subemenda_da_mesma';
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER emenda_valida BEFORE INSERT OR UPDATE ON app.emenda
    FOR EACH ROW EXECUTE FUNCTION app.emenda_valida();

-- The versions of a proposição's text: the original, the substitutivo approved, the
-- redação final. Never changed (a new version is a new row).
CREATE TABLE app.proposicao_texto (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    proposicao_id   uuid NOT NULL,
    versao          integer NOT NULL CHECK (versao > 0),
    -- domain::emendas::TipoTexto
    tipo            text NOT NULL CHECK (tipo IN ('original', 'substitutivo', 'redacao_final')),
    texto           text NOT NULL CHECK (length(texto) <= 500000),
    -- The substitutivo whose approval gave this text.
    origem_id       uuid,
    registrado_em   timestamptz NOT NULL DEFAULT now(),
    usuario_id      uuid,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT proposicao_texto_versao UNIQUE (tenant_id, proposicao_id, versao),
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, origem_id) REFERENCES app.proposicao (tenant_id, id),
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE SET NULL (usuario_id)
);
REVOKE UPDATE, DELETE ON app.proposicao_texto FROM plenario_app, plenario_platform;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['distribuicao', 'relatoria', 'parecer', 'votacao_parecer',
                             'voto_parecer', 'reuniao_comissao', 'reuniao_pauta',
                             'reuniao_presenca', 'emenda', 'proposicao_texto'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;
