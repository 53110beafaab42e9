-- The platform's own administrators (the master panel), separate from every câmara's users.
-- Two-factor login is mandatory for them: the TOTP secret is set when the account is made.
CREATE TABLE control.platform_admins (
    id                  uuid PRIMARY KEY,
    email               text NOT NULL UNIQUE CHECK (email = lower(email)),
    nome                text NOT NULL CHECK (length(btrim(nome)) BETWEEN 3 AND 200),
    senha_hash          text NOT NULL,
    totp_segredo        text NOT NULL,
    totp_ultimo_passo   bigint NOT NULL DEFAULT 0,
    ativo               boolean NOT NULL DEFAULT true,
    criado_em           timestamptz NOT NULL DEFAULT now(),
    ultimo_login        timestamptz
);

CREATE TABLE control.platform_sessions (
    id          uuid PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE,
    admin_id    uuid NOT NULL REFERENCES control.platform_admins (id) ON DELETE CASCADE,
    csrf        text NOT NULL,
    criada_em   timestamptz NOT NULL DEFAULT now(),
    ultimo_uso  timestamptz NOT NULL DEFAULT now(),
    expira_em   timestamptz NOT NULL
);

CREATE TABLE control.platform_login_failures (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email   text NOT NULL,
    ip      inet,
    em      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX platform_login_failures_email ON control.platform_login_failures (email, em);
