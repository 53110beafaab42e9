-- The registry of proposições (admin): their files (anexos, the texto as a PDF) and the
-- relations between two proposições (anexada, apensada, acessória).

CREATE TABLE app.proposicao_anexo (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    proposicao_id   uuid NOT NULL,
    titulo          text NOT NULL CHECK (length(btrim(titulo)) BETWEEN 2 AND 200),
    nome_arquivo    text NOT NULL CHECK (length(nome_arquivo) BETWEEN 1 AND 200),
    arquivo_key     text NOT NULL,
    -- The allow-list (the content is sniffed before it gets here: store::conteudo::paginas).
    content_type    text NOT NULL CHECK (content_type IN (
                        'application/pdf', 'image/png', 'image/jpeg',
                        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
                        'application/vnd.oasis.opendocument.text',
                        'application/vnd.oasis.opendocument.spreadsheet',
                        'application/vnd.oasis.opendocument.presentation',
                        'application/msword', 'application/vnd.ms-excel')),
    tamanho         bigint NOT NULL CHECK (tamanho BETWEEN 1 AND 20971520),
    -- The proposição's texto as a PDF (instead of, or besides, the Markdown texto).
    texto_integral  boolean NOT NULL DEFAULT false,
    criado_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT proposicao_anexo_texto_pdf CHECK (NOT texto_integral OR content_type = 'application/pdf')
);
CREATE INDEX proposicao_anexo_proposicao ON app.proposicao_anexo (tenant_id, proposicao_id);
CREATE UNIQUE INDEX proposicao_anexo_um_texto ON app.proposicao_anexo (tenant_id, proposicao_id)
    WHERE texto_integral;

-- Two proposições of one câmara: `relacionada` is anexada / apensada to, or acessória of,
-- `principal`. An anexada follows its principal: every event of the principal is recorded
-- on it too (store::proposicoes::relacionadas::seguir_principal).
CREATE TABLE app.proposicao_relacao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    principal_id    uuid NOT NULL,
    relacionada_id  uuid NOT NULL,
    tipo            text NOT NULL CHECK (tipo IN ('anexada', 'apensada', 'acessoria')),
    desde           date NOT NULL,
    observacao      text NOT NULL DEFAULT '' CHECK (length(observacao) <= 500),
    criado_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, principal_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, relacionada_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT proposicao_relacao_propria CHECK (principal_id <> relacionada_id),
    CONSTRAINT proposicao_relacao_unica UNIQUE (tenant_id, principal_id, relacionada_id)
);
-- An anexada has one principal.
CREATE UNIQUE INDEX proposicao_relacao_uma_principal ON app.proposicao_relacao (tenant_id, relacionada_id)
    WHERE tipo = 'anexada';
CREATE INDEX proposicao_relacao_relacionada ON app.proposicao_relacao (tenant_id, relacionada_id);

-- No cycle of anexadas: the new principal must not be (through anexadas) one of the
-- relacionada's own anexadas. The row lock on the relacionada serialises concurrent
-- anexações that could close a cycle between them.
CREATE FUNCTION app.proposicao_relacao_sem_ciclo() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.tipo <> 'anexada' THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM app.proposicao
      WHERE tenant_id = NEW.tenant_id AND id IN (NEW.principal_id, NEW.relacionada_id)
      ORDER BY id FOR UPDATE;
    IF EXISTS (
        WITH RECURSIVE abaixo (id) AS (
            SELECT NEW.relacionada_id
            UNION
            SELECT r.relacionada_id FROM app.proposicao_relacao r JOIN abaixo a ON r.principal_id = a.id
             WHERE r.tenant_id = NEW.tenant_id AND r.tipo = 'anexada'
        )
        SELECT 1 FROM abaixo WHERE id = NEW.principal_id
    ) THEN
        RAISE EXCEPTION 'anexação circular'
            USING ERRCODE = '23514', CONSTRAINT = 'proposicao_relacao_ciclo';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER proposicao_relacao_sem_ciclo BEFORE INSERT OR UPDATE ON app.proposicao_relacao
    FOR EACH ROW EXECUTE FUNCTION app.proposicao_relacao_sem_ciclo();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['proposicao_anexo', 'proposicao_relacao'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;
