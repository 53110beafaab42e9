-- Two-factor login (TOTP, RFC 6238) with single-use recovery codes, and the câmara's
-- option to require it of administrators and session operators.

ALTER TABLE app.usuario
    ADD COLUMN totp_segredo text,
    ADD COLUMN totp_ativo boolean NOT NULL DEFAULT false,
    -- The last 30-second step accepted: a code is never accepted twice.
    ADD COLUMN totp_ultimo_passo bigint NOT NULL DEFAULT 0,
    ADD CHECK (NOT totp_ativo OR totp_segredo IS NOT NULL);

-- A session that passed the password but not yet the second factor.
ALTER TABLE app.sessao ADD COLUMN segundo_fator_pendente boolean NOT NULL DEFAULT false;

ALTER TABLE app.camara_config ADD COLUMN exigir_2fa boolean NOT NULL DEFAULT false;

CREATE TABLE app.usuario_recuperacao (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    usuario_id  uuid NOT NULL,
    -- sha256 of the code: shown once, never stored.
    codigo_hash bytea NOT NULL,
    usado_em    timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, usuario_id, codigo_hash),
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE app.usuario_recuperacao ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.usuario_recuperacao FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.usuario_recuperacao
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);
