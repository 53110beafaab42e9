-- The live painel (issue #12): every change of a running sessão (its row: status, phase;
-- its pauta, presença, votações, votes, and oradores) notifies `plenario_painel` with
-- `<tenant_id>:<sessao_id>`, delivered at COMMIT (a rolled-back change says nothing; the
-- same payload twice in one transaction is delivered once). Each app process LISTENs once
-- per data database and pushes the painel's state to its SSE subscribers
-- (web::areas::sessoes_plenarias::ao_vivo).

-- The tables that name their sessão (sessao_id, or id for the sessão itself). Reads no
-- other table of app, so it adds no edge to the moves' table order.
CREATE FUNCTION app.painel_notificar() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE r jsonb;
BEGIN
    -- A copy of the câmara (a move, a restore) is nobody's painel.
    IF current_setting('is_superuser') = 'on' OR current_user = 'plenario_owner' THEN
        RETURN NULL;
    END IF;
    r := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    PERFORM pg_notify('plenario_painel', (r->>'tenant_id') || ':' ||
        coalesce(r->>'sessao_id', r->>'id'));
    RETURN NULL;
END $$;

-- The votes name their votação: its sessão is looked up.
CREATE FUNCTION app.painel_notificar_voto() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE s uuid;
BEGIN
    IF current_setting('is_superuser') = 'on' OR current_user = 'plenario_owner' THEN
        RETURN NULL;
    END IF;
    SELECT v.sessao_id INTO s FROM app.votacao v
     WHERE v.tenant_id = NEW.tenant_id AND v.id = NEW.votacao_id;
    IF FOUND THEN
        PERFORM pg_notify('plenario_painel', NEW.tenant_id::text || ':' || s::text);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER sessao_plenaria_painel AFTER INSERT OR UPDATE OR DELETE ON app.sessao_plenaria
    FOR EACH ROW EXECUTE FUNCTION app.painel_notificar();
CREATE TRIGGER pauta_item_painel AFTER INSERT OR UPDATE OR DELETE ON app.pauta_item
    FOR EACH ROW EXECUTE FUNCTION app.painel_notificar();
CREATE TRIGGER presenca_painel AFTER INSERT OR UPDATE OR DELETE ON app.presenca
    FOR EACH ROW EXECUTE FUNCTION app.painel_notificar();
CREATE TRIGGER votacao_painel AFTER INSERT OR UPDATE OR DELETE ON app.votacao
    FOR EACH ROW EXECUTE FUNCTION app.painel_notificar();
-- UPDATE only on the votes: an insert trigger reading app.votacao is already implied by
-- the foreign key; a vote is never deleted by the application.
CREATE TRIGGER voto_painel AFTER INSERT OR UPDATE ON app.voto
    FOR EACH ROW EXECUTE FUNCTION app.painel_notificar_voto();
CREATE TRIGGER votacao_participacao_painel AFTER INSERT ON app.votacao_participacao
    FOR EACH ROW EXECUTE FUNCTION app.painel_notificar_voto();

-- ------------------------------------------------------------------ oradores

-- The speaking time of each phase, from the regimento (seconds; configurable per câmara).
ALTER TABLE app.fase_sessao ADD COLUMN tempo_orador integer NOT NULL DEFAULT 300,
    ADD CONSTRAINT fase_sessao_tempo_orador CHECK (tempo_orador BETWEEN 30 AND 7200);

-- The speakers signed up in a phase, in order; the timer lives here: `duracao` (seconds,
-- the phase's time at the sign-up), `acumulado_ms` (spoken in earlier runs) and
-- `iniciado_em` (the current run, while falando). What remains is computed by the server
-- from its own clock (domain::sessoes_plenarias::oradores::restante_ms).
CREATE TABLE app.orador (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    sessao_id       uuid NOT NULL,
    fase_id         uuid NOT NULL,
    parlamentar_id  uuid NOT NULL,
    ordem           integer NOT NULL,
    duracao         integer NOT NULL,
    status          text NOT NULL DEFAULT 'inscrito',
    iniciado_em     timestamptz,
    acumulado_ms    bigint NOT NULL DEFAULT 0,
    pelo_proprio    boolean NOT NULL DEFAULT false,
    usuario_id      uuid,
    inscrito_em     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT orador_sessao FOREIGN KEY (tenant_id, sessao_id) REFERENCES app.sessao_plenaria (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT orador_fase FOREIGN KEY (tenant_id, fase_id) REFERENCES app.fase_sessao (tenant_id, id),
    CONSTRAINT orador_parlamentar FOREIGN KEY (tenant_id, parlamentar_id) REFERENCES app.parlamentar (tenant_id, id),
    CONSTRAINT orador_ordem_valida CHECK (ordem BETWEEN 1 AND 999),
    CONSTRAINT orador_duracao CHECK (duracao BETWEEN 30 AND 7200),
    CONSTRAINT orador_acumulado CHECK (acumulado_ms >= 0),
    CONSTRAINT orador_status CHECK (status IN ('inscrito', 'falando', 'pausado', 'concluido')),
    CONSTRAINT orador_correndo CHECK ((status = 'falando') = (iniciado_em IS NOT NULL)),
    CONSTRAINT orador_unico UNIQUE (tenant_id, sessao_id, fase_id, parlamentar_id),
    CONSTRAINT orador_ordem UNIQUE (tenant_id, sessao_id, fase_id, ordem)
);
-- One speaker on the floor (speaking or paused) per sessão.
CREATE UNIQUE INDEX orador_um_na_tribuna ON app.orador (tenant_id, sessao_id)
    WHERE status IN ('falando', 'pausado');

CREATE TRIGGER orador_painel AFTER INSERT OR UPDATE OR DELETE ON app.orador
    FOR EACH ROW EXECUTE FUNCTION app.painel_notificar();

ALTER TABLE app.orador ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.orador FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.orador
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);
