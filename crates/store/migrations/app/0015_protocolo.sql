-- Protocolo: every document that enters the câmara, numbered per year without gaps, with
-- its files' SHA-256 and a verification code anyone can check; and the proposição
-- eletrônica, the draft a parlamentar writes and sends to the protocolo.

CREATE TABLE app.protocolo (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    -- From the counter domain::proposicoes::escopo_protocolo(ano) (store::infra::contador).
    numero          integer NOT NULL CHECK (numero > 0),
    ano             integer NOT NULL CHECK (ano BETWEEN 1800 AND 2200),
    recebido_em     timestamptz NOT NULL DEFAULT now(),
    tipo_documento  text NOT NULL CHECK (length(btrim(tipo_documento)) BETWEEN 2 AND 120),
    interessado_nome text NOT NULL CHECK (length(btrim(interessado_nome)) BETWEEN 2 AND 200),
    interessado_email text NOT NULL DEFAULT '' CHECK (length(interessado_email) <= 254),
    -- domain::protocolo::TipoInteressado
    interessado_tipo text NOT NULL CHECK (interessado_tipo IN ('executivo', 'cidadao',
                        'parlamentar', 'entidade', 'outro')),
    assunto         text NOT NULL CHECK (length(btrim(assunto)) BETWEEN 3 AND 2000),
    -- Random, shown on the receipt; /documentos/verificar finds the protocolo by it.
    codigo          text NOT NULL CHECK (codigo ~ '^[0-9A-HJKMNP-TV-Z]{16}$'),
    usuario_id      uuid,
    -- An annulled protocolo keeps its number (no gaps): it is marked, never removed.
    anulado_em      timestamptz,
    anulado_motivo  text,
    anulado_por     uuid,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT protocolo_numero UNIQUE (tenant_id, ano, numero),
    CONSTRAINT protocolo_codigo UNIQUE (tenant_id, codigo),
    CONSTRAINT protocolo_anulacao CHECK ((anulado_em IS NULL) = (anulado_motivo IS NULL)),
    CONSTRAINT protocolo_motivo CHECK (anulado_motivo IS NULL
        OR length(btrim(anulado_motivo)) BETWEEN 3 AND 1000),
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE SET NULL (usuario_id),
    FOREIGN KEY (tenant_id, anulado_por) REFERENCES app.usuario (tenant_id, id) ON DELETE SET NULL (anulado_por)
);
CREATE INDEX protocolo_lista ON app.protocolo (tenant_id, ano DESC, numero DESC);

-- What was recorded stays: only the annulment may be written, once.
CREATE FUNCTION app.protocolo_imutavel() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.anulado_em IS NOT NULL
       OR (NEW.numero, NEW.ano, NEW.recebido_em, NEW.tipo_documento, NEW.interessado_nome,
           NEW.interessado_email, NEW.interessado_tipo, NEW.assunto, NEW.codigo)
          IS DISTINCT FROM
          (OLD.numero, OLD.ano, OLD.recebido_em, OLD.tipo_documento, OLD.interessado_nome,
           OLD.interessado_email, OLD.interessado_tipo, OLD.assunto, OLD.codigo) THEN
        RAISE EXCEPTION 'um protocolo registrado não se altera; só pode ser anulado, uma vez'
            USING ERRCODE = '23514', CONSTRAINT = 'protocolo_imutavel';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER protocolo_imutavel BEFORE UPDATE ON app.protocolo
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION app.protocolo_imutavel();

CREATE TABLE app.protocolo_documento (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    protocolo_id    uuid NOT NULL,
    nome_arquivo    text NOT NULL CHECK (length(nome_arquivo) BETWEEN 1 AND 200),
    arquivo_key     text NOT NULL,
    -- Sniffed from the content (store::conteudo::paginas::verificar_anexo).
    content_type    text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 200),
    tamanho         bigint NOT NULL CHECK (tamanho BETWEEN 1 AND 20971520),
    sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    ordem           smallint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, protocolo_id) REFERENCES app.protocolo (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX protocolo_documento_protocolo ON app.protocolo_documento (tenant_id, protocolo_id);

-- Numbers and documents are never removed by the application (an annulment marks them).
REVOKE DELETE ON app.protocolo, app.protocolo_documento FROM plenario_app, plenario_platform;

-- A document's file and hash never change once recorded.
CREATE FUNCTION app.protocolo_documento_imutavel() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.nome_arquivo, NEW.arquivo_key, NEW.content_type, NEW.tamanho, NEW.sha256, NEW.ordem)
       IS DISTINCT FROM
       (OLD.nome_arquivo, OLD.arquivo_key, OLD.content_type, OLD.tamanho, OLD.sha256, OLD.ordem) THEN
        RAISE EXCEPTION 'um documento protocolado não se altera'
            USING ERRCODE = '23514', CONSTRAINT = 'protocolo_documento_imutavel';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER protocolo_documento_imutavel BEFORE UPDATE ON app.protocolo_documento
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION app.protocolo_documento_imutavel();

-- The proposição shows the protocolo it entered by.
ALTER TABLE app.proposicao ADD COLUMN protocolo_id uuid;
ALTER TABLE app.proposicao ADD CONSTRAINT proposicao_protocolo UNIQUE (tenant_id, protocolo_id);
ALTER TABLE app.proposicao ADD CONSTRAINT proposicao_tenant_id_protocolo_id_fkey
    FOREIGN KEY (tenant_id, protocolo_id) REFERENCES app.protocolo (tenant_id, id);

-- The proposição eletrônica: a parlamentar's draft, sent to the protocolo, which receives
-- it (a protocolo and a proposição are made) or returns it with a motivo.
CREATE TABLE app.proposicao_rascunho (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    -- The primeiro autor, whose user wrote it.
    parlamentar_id  uuid NOT NULL,
    usuario_id      uuid,
    tipo_id         uuid NOT NULL,
    ementa          text NOT NULL CHECK (length(btrim(ementa)) BETWEEN 10 AND 2000),
    texto           text NOT NULL DEFAULT '' CHECK (length(texto) <= 500000),
    justificativa   text NOT NULL DEFAULT '' CHECK (length(justificativa) <= 200000),
    -- domain::protocolo::SituacaoRascunho
    situacao        text NOT NULL DEFAULT 'rascunho' CHECK (situacao IN ('rascunho', 'enviada',
                        'devolvida', 'recebida')),
    enviada_em      timestamptz,
    devolvida_em    timestamptz,
    motivo_devolucao text,
    recebida_em     timestamptz,
    proposicao_id   uuid,
    protocolo_id    uuid,
    criado_em       timestamptz NOT NULL DEFAULT now(),
    atualizado_em   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, parlamentar_id) REFERENCES app.parlamentar (tenant_id, id),
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE SET NULL (usuario_id),
    FOREIGN KEY (tenant_id, tipo_id) REFERENCES app.tipo_proposicao (tenant_id, id),
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE SET NULL (proposicao_id),
    FOREIGN KEY (tenant_id, protocolo_id) REFERENCES app.protocolo (tenant_id, id),
    CONSTRAINT proposicao_rascunho_recebida CHECK ((situacao = 'recebida') = (protocolo_id IS NOT NULL)),
    CONSTRAINT proposicao_rascunho_devolvida CHECK (situacao <> 'devolvida'
        OR length(btrim(coalesce(motivo_devolucao, ''))) BETWEEN 3 AND 1000),
    CONSTRAINT proposicao_rascunho_motivo_devolucao_check CHECK (motivo_devolucao IS NULL
        OR length(motivo_devolucao) <= 1000)
);
CREATE INDEX proposicao_rascunho_autor ON app.proposicao_rascunho (tenant_id, parlamentar_id, atualizado_em DESC);
CREATE INDEX proposicao_rascunho_caixa ON app.proposicao_rascunho (tenant_id, enviada_em)
    WHERE situacao = 'enviada';

CREATE TABLE app.proposicao_rascunho_coautor (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    rascunho_id     uuid NOT NULL,
    parlamentar_id  uuid NOT NULL,
    ordem           smallint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT proposicao_rascunho_coautor_unico UNIQUE (tenant_id, rascunho_id, parlamentar_id),
    FOREIGN KEY (tenant_id, rascunho_id) REFERENCES app.proposicao_rascunho (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, parlamentar_id) REFERENCES app.parlamentar (tenant_id, id)
);

CREATE TABLE app.proposicao_rascunho_anexo (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    rascunho_id     uuid NOT NULL,
    nome_arquivo    text NOT NULL CHECK (length(nome_arquivo) BETWEEN 1 AND 200),
    arquivo_key     text NOT NULL,
    content_type    text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 200),
    tamanho         bigint NOT NULL CHECK (tamanho BETWEEN 1 AND 20971520),
    sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    criado_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, rascunho_id) REFERENCES app.proposicao_rascunho (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX proposicao_rascunho_anexo_rascunho ON app.proposicao_rascunho_anexo (tenant_id, rascunho_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['protocolo', 'protocolo_documento', 'proposicao_rascunho',
                             'proposicao_rascunho_coautor', 'proposicao_rascunho_anexo'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;

