-- The data plane: every câmara's rows, in schema app, isolated by row level security.
-- Runs as plenario_owner in every data-plane database (each cluster's main database and
-- every dedicated database).
--
-- Rules every table in app follows (enforced by `plenario check`, see store::check):
--   * tenant_id integer NOT NULL, with a foreign key to plenario.resident ON DELETE CASCADE;
--   * PRIMARY KEY (tenant_id, id); every UNIQUE, index and foreign key leads with tenant_id;
--   * ENABLE + FORCE ROW LEVEL SECURITY and the one policy `tenant_isolation` below.

CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO plenario_app, plenario_platform;
ALTER DEFAULT PRIVILEGES FOR ROLE plenario_owner IN SCHEMA app
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO plenario_app, plenario_platform;

-- The câmara's institutional identity.
CREATE TABLE app.camara_config (
    tenant_id           integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id                  uuid NOT NULL,
    nome                text NOT NULL CHECK (length(btrim(nome)) BETWEEN 3 AND 200),
    municipio           text NOT NULL,
    uf                  char(2) NOT NULL,
    endereco            text NOT NULL DEFAULT '',
    cep                 text NOT NULL DEFAULT '' CHECK (cep = '' OR cep ~ '^[0-9]{5}-[0-9]{3}$'),
    cnpj                text NOT NULL DEFAULT '' CHECK (cnpj = '' OR cnpj ~ '^[0-9]{14}$'),
    telefones           text[] NOT NULL DEFAULT '{}',
    email               text NOT NULL DEFAULT '',
    horario_atendimento text NOT NULL DEFAULT '',
    brasao_key          text,
    cor_primaria        text NOT NULL DEFAULT '#0b4f8a' CHECK (cor_primaria ~ '^#[0-9a-f]{6}$'),
    cor_secundaria      text NOT NULL DEFAULT '#f2c230' CHECK (cor_secundaria ~ '^#[0-9a-f]{6}$'),
    -- Brazil's IANA zones (each câmara shows dates in its own).
    fuso_horario        text NOT NULL DEFAULT 'America/Sao_Paulo' CHECK (fuso_horario IN (
                            'America/Noronha', 'America/Belem', 'America/Fortaleza', 'America/Recife',
                            'America/Araguaina', 'America/Maceio', 'America/Bahia', 'America/Sao_Paulo',
                            'America/Campo_Grande', 'America/Cuiaba', 'America/Santarem',
                            'America/Porto_Velho', 'America/Boa_Vista', 'America/Manaus',
                            'America/Eirunepe', 'America/Rio_Branco')),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id)
);

-- Links to the câmara's social networks, in display order.
CREATE TABLE app.camara_rede_social (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    config_id   uuid NOT NULL,
    rede        text NOT NULL CHECK (rede IN ('facebook', 'instagram', 'youtube', 'x', 'tiktok', 'linkedin', 'whatsapp', 'outra')),
    url         text NOT NULL CHECK (url ~ '^https://'),
    ordem       integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, config_id) REFERENCES app.camara_config (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX camara_rede_social_config ON app.camara_rede_social (tenant_id, config_id, ordem);

-- Gapless human numbers ("PL 12/2026", "15ª Sessão Ordinária"): one row per scope,
-- incremented under the row lock of the transaction that uses the number.
CREATE TABLE app.contador (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    escopo      text NOT NULL CHECK (length(escopo) BETWEEN 1 AND 200),
    valor       bigint NOT NULL DEFAULT 0 CHECK (valor >= 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, escopo)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['camara_config', 'camara_rede_social', 'contador'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;
