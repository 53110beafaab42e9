-- Password reset by e-mail: single-use, expiring tokens (only their hash is stored).
CREATE TABLE app.senha_reset (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    usuario_id  uuid NOT NULL,
    token_hash  bytea NOT NULL,
    criado_em   timestamptz NOT NULL DEFAULT now(),
    expira_em   timestamptz NOT NULL,
    usado_em    timestamptz,
    ip          inet,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX senha_reset_usuario ON app.senha_reset (tenant_id, usuario_id, criado_em);
ALTER TABLE app.senha_reset ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.senha_reset FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.senha_reset
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);
