-- Sessões plenárias as scheduled entries: the câmara's tipos de sessão and the sessões,
-- numbered per sessão legislativa and tipo (gapless counters, app.contador). Only the
-- states 'agendada' and 'cancelada' exist yet; pauta, presença, votação and the painel will
-- hang from app.sessao_plenaria (tenant_id, id), and the status check is named so the next
-- states can replace it.

CREATE TABLE app.tipo_sessao (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    nome        text NOT NULL CHECK (length(btrim(nome)) BETWEEN 3 AND 60),
    ordem       integer NOT NULL DEFAULT 0 CHECK (ordem BETWEEN 0 AND 999),
    ativo       boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT tipo_sessao_nome UNIQUE (tenant_id, nome)
);

CREATE TABLE app.sessao_plenaria (
    tenant_id               integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id                      uuid NOT NULL,
    tipo_id                 uuid NOT NULL,
    sessao_legislativa_id   uuid NOT NULL,
    numero                  integer NOT NULL CHECK (numero > 0),
    inicio                  timestamptz NOT NULL,
    fim                     timestamptz,
    local                   text NOT NULL DEFAULT '' CHECK (length(local) <= 200),
    status                  text NOT NULL DEFAULT 'agendada',
    motivo_cancelamento     text,
    observacoes             text NOT NULL DEFAULT '' CHECK (length(observacoes) <= 5000),
    -- Bumped on every change: the SEQUENCE of the sessão's iCalendar event.
    versao                  integer NOT NULL DEFAULT 0,
    criada_em               timestamptz NOT NULL DEFAULT now(),
    atualizada_em           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, tipo_id) REFERENCES app.tipo_sessao (tenant_id, id),
    FOREIGN KEY (tenant_id, sessao_legislativa_id) REFERENCES app.sessao_legislativa (tenant_id, id),
    CONSTRAINT sessao_plenaria_numero UNIQUE (tenant_id, sessao_legislativa_id, tipo_id, numero),
    CONSTRAINT sessao_plenaria_status CHECK (status IN ('agendada', 'cancelada')),
    CONSTRAINT sessao_plenaria_fim CHECK (fim IS NULL OR fim > inicio),
    -- A cancelled sessão says why; a scheduled one has no motivo.
    CONSTRAINT sessao_plenaria_motivo CHECK (
        (status = 'cancelada') = (motivo_cancelamento IS NOT NULL)
        AND (motivo_cancelamento IS NULL OR length(btrim(motivo_cancelamento)) BETWEEN 3 AND 1000))
);

-- Two sessões of the câmara never start at the same instant (a cancelled one frees its slot).
CREATE UNIQUE INDEX sessao_plenaria_inicio ON app.sessao_plenaria (tenant_id, inicio)
    WHERE status <> 'cancelada';
CREATE INDEX sessao_plenaria_tipo ON app.sessao_plenaria (tenant_id, tipo_id);

-- A sessão falls inside its sessão legislativa (by its date in the câmara's time zone).
CREATE FUNCTION app.sessao_plenaria_dentro() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE r record;
BEGIN
    -- Rows this câmara cannot see are left to row level security and the foreign key.
    SELECT s.inicio, s.fim, (NEW.inicio AT TIME ZONE c.fuso_horario)::date AS dia INTO r
      FROM app.sessao_legislativa s
      JOIN app.camara_config c ON c.tenant_id = s.tenant_id
     WHERE s.tenant_id = NEW.tenant_id AND s.id = NEW.sessao_legislativa_id;
    IF FOUND AND NOT (r.dia BETWEEN r.inicio AND r.fim) THEN
        RAISE EXCEPTION 'sessão plenária fora da sessão legislativa'
            USING ERRCODE = '23514', CONSTRAINT = 'sessao_plenaria_dentro';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER sessao_plenaria_dentro BEFORE INSERT OR UPDATE OF inicio, sessao_legislativa_id
    ON app.sessao_plenaria FOR EACH ROW EXECUTE FUNCTION app.sessao_plenaria_dentro();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tipo_sessao', 'sessao_plenaria'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;

-- The default tipos for the câmaras that already exist (new ones get them at provisioning,
-- store::sessao_plenaria::padroes).
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tenant_id FROM plenario.resident LOOP
        PERFORM set_config('app.tenant_id', r.tenant_id::text, true);
        INSERT INTO app.tipo_sessao (tenant_id, id, nome, ordem)
        SELECT r.tenant_id, gen_random_uuid(), d.nome, d.ordem
          FROM (VALUES ('Ordinária', 1), ('Extraordinária', 2), ('Solene', 3), ('Especial', 4))
               AS d (nome, ordem)
        ON CONFLICT (tenant_id, nome) DO NOTHING;
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
