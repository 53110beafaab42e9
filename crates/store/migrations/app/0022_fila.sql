-- The job queue's second part (issue #10, item 6): jobs with a unique key (the daily prazo
-- alerts and their e-mails are enqueued at most once, whoever runs them), the daily prazo
-- alerts seeded for every câmara, the scheduled publication of notícias, and the avulso
-- (the proposição's PDF, rendered by a job).

-- A job's unique key within its câmara: enqueuing a key that exists does nothing
-- (store::jobs::enfileirar_unico). Jobs without a key are never compared.
ALTER TABLE app.job ADD COLUMN chave text
    CONSTRAINT job_chave CHECK (length(chave) BETWEEN 1 AND 300);
CREATE UNIQUE INDEX job_chave_unica ON app.job (tenant_id, chave);

-- The next day's prazo alert of a câmara: at 07:00 in its own time zone, today when that
-- is still ahead, else tomorrow; keyed by the day (the job re-enqueues itself this way,
-- provisioning and this migration seed it; all of them together make one job a day).
CREATE FUNCTION app.prazos_agendar(tenant integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO app.job (tenant_id, id, tipo, dados, executar_em, chave)
    SELECT tenant, gen_random_uuid(), 'prazos.alertas', jsonb_build_object('dia', d.dia),
           (d.dia + time '07:00') AT TIME ZONE c.fuso_horario, 'prazos.alertas:' || d.dia
      FROM app.camara_config c
     CROSS JOIN LATERAL (
           SELECT CASE WHEN (now() AT TIME ZONE c.fuso_horario)::time < time '07:00'
                       THEN (now() AT TIME ZONE c.fuso_horario)::date
                       ELSE (now() AT TIME ZONE c.fuso_horario)::date + 1 END AS dia) d
     WHERE c.tenant_id = tenant
    ON CONFLICT (tenant_id, chave) DO NOTHING;
$$;

DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tenant_id FROM plenario.resident LOOP
        PERFORM set_config('app.tenant_id', r.tenant_id::text, true);
        PERFORM app.prazos_agendar(r.tenant_id);
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;

-- A notícia published for a future time: a job at that time empties the câmara's page
-- cache and records "publicada (agendada)". Any change of its status or date discards the
-- pending one and enqueues the new time (none for a draft, a past date or a deletion).
-- The owner's copies (a move between databases) are left alone: the jobs move as they are.
CREATE FUNCTION app.noticia_agendar() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_user = 'plenario_owner' THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        UPDATE app.job SET estado = 'descartado', atualizado_em = now()
         WHERE tenant_id = OLD.tenant_id AND tipo = 'noticia.publicar' AND estado = 'pendente'
           AND dados->>'noticia' = OLD.id::text;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'publicada' AND NEW.publicar_em > now() THEN
        INSERT INTO app.job (tenant_id, id, tipo, dados, executar_em)
        VALUES (NEW.tenant_id, gen_random_uuid(), 'noticia.publicar',
                jsonb_build_object('noticia', NEW.id, 'publicar_em', NEW.publicar_em),
                NEW.publicar_em);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER noticia_agendar AFTER INSERT OR DELETE OR UPDATE OF status, publicar_em
    ON app.noticia FOR EACH ROW EXECUTE FUNCTION app.noticia_agendar();

-- The avulso: the proposição's PDF (identificação, ementa, autores, texto, justificativa),
-- rendered by the job "proposicao.avulso" whenever what it prints changes, served publicly.
-- `fonte` is the SHA-256 of what was rendered: a job finding it unchanged does nothing.
CREATE TABLE app.proposicao_avulso (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    proposicao_id   uuid NOT NULL,
    fonte           text NOT NULL CONSTRAINT proposicao_avulso_fonte CHECK (fonte ~ '^[0-9a-f]{64}$'),
    pdf             bytea NOT NULL CONSTRAINT proposicao_avulso_pdf CHECK (length(pdf) BETWEEN 1 AND 52428800),
    sha256          text NOT NULL CONSTRAINT proposicao_avulso_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    gerado_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT proposicao_avulso_unico UNIQUE (tenant_id, proposicao_id),
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE app.proposicao_avulso ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.proposicao_avulso FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.proposicao_avulso
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);

-- What the avulso prints changed (or the proposição is new): render it again in 30 s (an
-- editor saving several times in a row renders it once). One job row per proposição,
-- re-armed each time; while it runs its row is locked by the worker, so a change made
-- meanwhile waits for it and re-arms it after (nothing is missed).
CREATE FUNCTION app.avulso_agendar(tenant integer, proposicao uuid) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO app.job (tenant_id, id, tipo, dados, executar_em, chave)
    VALUES (tenant, gen_random_uuid(), 'proposicao.avulso',
            jsonb_build_object('proposicao', proposicao), now() + interval '30 seconds',
            'proposicao.avulso:' || proposicao)
    ON CONFLICT (tenant_id, chave) DO UPDATE
       SET estado = 'pendente', executar_em = EXCLUDED.executar_em, tentativas = 0,
           ultimo_erro = NULL, concluido_em = NULL, lease = NULL, lease_ate = NULL,
           atualizado_em = now()
     WHERE app.job.estado <> 'executando';
$$;

-- The triggers leave alone the copies the owner makes (a move between databases carries
-- the câmara's jobs as they were).
CREATE FUNCTION app.proposicao_avulso_mudou() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_user = 'plenario_owner' THEN
        RETURN NULL;
    ELSIF TG_TABLE_NAME = 'proposicao' THEN
        PERFORM app.avulso_agendar(NEW.tenant_id, NEW.id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM app.avulso_agendar(OLD.tenant_id, OLD.proposicao_id);
    ELSE
        PERFORM app.avulso_agendar(NEW.tenant_id, NEW.proposicao_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER proposicao_avulso_mudou AFTER INSERT OR UPDATE OF ementa, texto, justificativa, numero, ano, tipo_id
    ON app.proposicao FOR EACH ROW EXECUTE FUNCTION app.proposicao_avulso_mudou();
CREATE TRIGGER proposicao_avulso_autor AFTER INSERT OR UPDATE OR DELETE
    ON app.proposicao_autor FOR EACH ROW EXECUTE FUNCTION app.proposicao_avulso_mudou();
