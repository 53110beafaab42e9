-- Identity inside a câmara: users, sessions, failed logins (throttling), audit log.

CREATE TABLE app.usuario (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    nome            text NOT NULL CHECK (length(btrim(nome)) BETWEEN 3 AND 200),
    email           text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    papel           text NOT NULL CHECK (papel IN ('ADMIN', 'SECRETARIA', 'OPERADOR', 'EDITOR', 'PARLAMENTAR', 'AUXILIAR')),
    ativo           boolean NOT NULL DEFAULT true,
    -- argon2id, PHC string format.
    senha_hash      text NOT NULL,
    -- A one-time password (printed by the CLI or set by an admin) must be replaced at login.
    trocar_senha    boolean NOT NULL DEFAULT true,
    criado_em       timestamptz NOT NULL DEFAULT now(),
    atualizado_em   timestamptz NOT NULL DEFAULT now(),
    ultimo_login    timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, email)
);

CREATE TABLE app.sessao (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    -- sha256 of the cookie's secret: a stolen table does not yield sessions.
    token_hash  bytea NOT NULL,
    usuario_id  uuid NOT NULL,
    csrf        text NOT NULL,
    criada_em   timestamptz NOT NULL DEFAULT now(),
    ultimo_uso  timestamptz NOT NULL DEFAULT now(),
    expira_em   timestamptz NOT NULL,
    ip          inet,
    user_agent  text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessao_usuario ON app.sessao (tenant_id, usuario_id);

-- Failed logins, for throttling per (câmara, e-mail) and per (câmara, IP).
CREATE TABLE app.login_falha (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    email       text NOT NULL,
    ip          inet,
    em          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX login_falha_email ON app.login_falha (tenant_id, email, em);
CREATE INDEX login_falha_ip ON app.login_falha (tenant_id, ip, em);

-- Every write in the câmara, in the same transaction as the write. Append-only for the
-- serving roles (no UPDATE or DELETE grant); only the removal of the whole câmara deletes it.
CREATE TABLE app.auditoria (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    em              timestamptz NOT NULL DEFAULT now(),
    usuario_id      uuid,
    usuario_email   text,
    ip              inet,
    request_id      text,
    entidade        text NOT NULL,
    entidade_id     text,
    acao            text NOT NULL,
    antes           jsonb,
    depois          jsonb,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX auditoria_em ON app.auditoria (tenant_id, em DESC);
CREATE INDEX auditoria_entidade ON app.auditoria (tenant_id, entidade, em DESC);
CREATE INDEX auditoria_usuario ON app.auditoria (tenant_id, usuario_id, em DESC);
REVOKE UPDATE, DELETE ON app.auditoria FROM plenario_app, plenario_platform;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['usuario', 'sessao', 'login_falha', 'auditoria'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;
