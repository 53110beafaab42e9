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
