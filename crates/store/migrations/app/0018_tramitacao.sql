-- Tramitação: the câmara's status de tramitação, the users of each unidade, the calendar
-- prazos count on (state and municipal holidays, recessos), and the immutable history of
-- tramitações (each with its event in proposicao_evento) and of their receipts.

CREATE TABLE app.status_tramitacao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    nome            text NOT NULL CHECK (length(btrim(nome)) BETWEEN 2 AND 120),
    -- A tramitação with this status ends the proposição's tramitação (it is archived).
    encerra         boolean NOT NULL DEFAULT false,
    -- The proposição goes back to its autor (devolução): shown on the history and the inbox.
    retorna_ao_autor boolean NOT NULL DEFAULT false,
    ativo           boolean NOT NULL DEFAULT true,
    ordem           integer NOT NULL DEFAULT 0 CHECK (ordem BETWEEN 0 AND 1000),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT status_tramitacao_nome UNIQUE (tenant_id, nome)
);

-- Who works in a unidade: they receive what arrives there and see its prazos.
CREATE TABLE app.unidade_usuario (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    unidade_id      uuid NOT NULL,
    usuario_id      uuid NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT unidade_usuario_unico UNIQUE (tenant_id, unidade_id, usuario_id),
    FOREIGN KEY (tenant_id, unidade_id) REFERENCES app.unidade (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX unidade_usuario_por_usuario ON app.unidade_usuario (tenant_id, usuario_id);

-- The câmara's own holidays (the national ones are computed: domain::calendario).
CREATE TABLE app.feriado (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    data            date NOT NULL CHECK (data BETWEEN '1900-01-01' AND '2200-12-31'),
    nome            text NOT NULL CHECK (length(btrim(nome)) BETWEEN 2 AND 120),
    abrangencia     text NOT NULL CHECK (abrangencia IN ('estadual', 'municipal', 'ponto')),
    -- Repeats every year on the same day and month (from `data` on).
    anual           boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT feriado_data UNIQUE (tenant_id, data)
);

-- Recesso parlamentar: closed date ranges with no dias úteis.
CREATE TABLE app.recesso (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    inicio          date NOT NULL CHECK (inicio BETWEEN '1900-01-01' AND '2200-12-31'),
    fim             date NOT NULL,
    descricao       text NOT NULL CHECK (length(btrim(descricao)) BETWEEN 2 AND 200),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT recesso_periodo CHECK (fim >= inicio AND fim - inicio <= 366)
);

-- One tramitação: the proposição leaves `origem` for `destino` with a status and a
-- despacho, maybe with a prazo. Never changed: a correction is a new row naming the one it
-- corrects (same origem and destino), with its own event (correcao).
CREATE TABLE app.tramitacao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    proposicao_id   uuid NOT NULL,
    -- Its row in the proposição's history (store::proposicoes::registrar_evento).
    evento_id       uuid NOT NULL,
    origem_id       uuid NOT NULL,
    destino_id      uuid NOT NULL,
    status_id       uuid NOT NULL,
    despacho        text NOT NULL CHECK (length(btrim(despacho)) BETWEEN 2 AND 3000),
    em              timestamptz NOT NULL DEFAULT now(),
    -- The prazo in dias úteis when given so, and its last day (computed over the câmara's
    -- calendar, or typed in).
    prazo_dias      smallint CHECK (prazo_dias BETWEEN 1 AND 365),
    prazo           date,
    -- The tramitações sent in one step (several destinations, or a lote) share it.
    passo_id        uuid NOT NULL,
    corrige_id      uuid,
    motivo          text NOT NULL DEFAULT '' CHECK (length(motivo) <= 1000),
    usuario_id      uuid,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT tramitacao_evento UNIQUE (tenant_id, evento_id),
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, evento_id) REFERENCES app.proposicao_evento (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, origem_id) REFERENCES app.unidade (tenant_id, id),
    FOREIGN KEY (tenant_id, destino_id) REFERENCES app.unidade (tenant_id, id),
    FOREIGN KEY (tenant_id, status_id) REFERENCES app.status_tramitacao (tenant_id, id),
    FOREIGN KEY (tenant_id, corrige_id) REFERENCES app.tramitacao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE SET NULL (usuario_id),
    CONSTRAINT tramitacao_origem_destino CHECK (origem_id <> destino_id),
    CONSTRAINT tramitacao_prazo CHECK (prazo_dias IS NULL OR prazo IS NOT NULL),
    CONSTRAINT tramitacao_correcao CHECK ((corrige_id IS NULL) = (btrim(motivo) = ''))
);
CREATE INDEX tramitacao_historia ON app.tramitacao (tenant_id, proposicao_id, em, id);
CREATE INDEX tramitacao_destino ON app.tramitacao (tenant_id, destino_id, em DESC);
CREATE INDEX tramitacao_prazos ON app.tramitacao (tenant_id, prazo) WHERE prazo IS NOT NULL;

-- The destination confirms it received a tramitação: who and when. Never changed.
CREATE TABLE app.tramitacao_recebimento (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    tramitacao_id   uuid NOT NULL,
    usuario_id      uuid,
    -- The name shown even after the user is gone.
    recebido_por    text NOT NULL CHECK (length(btrim(recebido_por)) BETWEEN 1 AND 200),
    em              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT tramitacao_recebimento_unico UNIQUE (tenant_id, tramitacao_id),
    FOREIGN KEY (tenant_id, tramitacao_id) REFERENCES app.tramitacao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE SET NULL (usuario_id)
);

-- The history cannot be rewritten by the application (like proposicao_evento).
REVOKE UPDATE, DELETE ON app.tramitacao, app.tramitacao_recebimento FROM plenario_app, plenario_platform;

-- A correction names an original tramitação of the same proposição, with its origem and
-- destino (a different route is a new tramitação, not a correction).
CREATE FUNCTION app.tramitacao_correcao_valida() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE o record;
BEGIN
    IF NEW.corrige_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT proposicao_id, origem_id, destino_id, corrige_id INTO o FROM app.tramitacao
     WHERE tenant_id = NEW.tenant_id AND id = NEW.corrige_id;
    IF NOT FOUND OR o.corrige_id IS NOT NULL OR o.proposicao_id <> NEW.proposicao_id
       OR o.origem_id <> NEW.origem_id OR o.destino_id <> NEW.destino_id THEN
        RAISE EXCEPTION 'uma correção refere-se a uma tramitação original da mesma proposição, com a mesma origem e o mesmo destino'
            USING ERRCODE = '23514', CONSTRAINT = 'tramitacao_correcao_valida';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER tramitacao_correcao_valida BEFORE INSERT ON app.tramitacao
    FOR EACH ROW EXECUTE FUNCTION app.tramitacao_correcao_valida();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['status_tramitacao', 'unidade_usuario', 'feriado', 'recesso',
                             'tramitacao', 'tramitacao_recebimento'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;

-- The status every câmara starts with. One home for the defaults: provisioning calls this
-- too (store::tramitacao::padroes).
CREATE FUNCTION app.tramitacao_padroes(tenant integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO app.status_tramitacao (tenant_id, id, nome, encerra, retorna_ao_autor, ordem)
    SELECT tenant, gen_random_uuid(), d.nome, d.encerra, d.retorna, d.ordem
      FROM (VALUES
        ('Encaminhada',                         false, false, 1),
        ('Para parecer',                        false, false, 2),
        ('Para manifestação jurídica',          false, false, 3),
        ('Em diligência',                       false, false, 4),
        ('Para inclusão na pauta',              false, false, 5),
        ('Para sanção ou veto',                 false, false, 6),
        ('Devolvida ao autor',                  false, true,  7),
        ('Arquivada',                           true,  false, 8),
        ('Prejudicada',                         true,  false, 9)
      ) AS d (nome, encerra, retorna, ordem)
    ON CONFLICT (tenant_id, nome) DO NOTHING;
$$;

DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tenant_id FROM plenario.resident LOOP
        PERFORM set_config('app.tenant_id', r.tenant_id::text, true);
        PERFORM app.tramitacao_padroes(r.tenant_id);
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
