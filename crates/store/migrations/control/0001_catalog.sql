-- The control plane: the catalog of câmaras and where their rows live.
-- Runs as plenario_owner, in the primary cluster's main database only.

CREATE SCHEMA control;

-- Clusters are configured by name → connection URL (DATABASE_URL for "main",
-- PLENARIO_CLUSTERS for the others); the catalog records the names it has seen so
-- that placements can reference them. Credentials never enter the database.
CREATE TABLE control.clusters (
    name        text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$'),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE control.tenants (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug            text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{1,38}[a-z0-9]$'),
    nome_oficial    text NOT NULL CHECK (length(btrim(nome_oficial)) BETWEEN 3 AND 200),
    municipio       text NOT NULL,
    uf              char(2) NOT NULL,
    codigo_ibge     integer NOT NULL CHECK (codigo_ibge BETWEEN 1000000 AND 9999999),
    status          text NOT NULL DEFAULT 'provisioning'
                    CHECK (status IN ('provisioning', 'active', 'suspended', 'moving', 'archived')),
    placement_kind  text NOT NULL CHECK (placement_kind IN ('pool', 'dedicated')),
    cluster         text NOT NULL REFERENCES control.clusters (name),
    database        text CHECK (database ~ '^[a-z][a-z0-9_]{0,62}$'),
    -- Bumped at every change of placement: caches keyed on it can never serve a stale one.
    epoch           bigint NOT NULL DEFAULT 1,
    admin_email     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((placement_kind = 'pool') = (database IS NULL))
);

-- Two câmaras can never share a dedicated database.
CREATE UNIQUE INDEX tenants_dedicated_database ON control.tenants (cluster, database)
    WHERE database IS NOT NULL;

CREATE TABLE control.domains (
    host        text PRIMARY KEY CHECK (host ~ '^[a-z0-9.-]+$' AND host = lower(host)),
    tenant_id   integer NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    is_primary  boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX domains_tenant ON control.domains (tenant_id);
CREATE UNIQUE INDEX domains_one_primary ON control.domains (tenant_id) WHERE is_primary;

CREATE TABLE control.settings (
    key         text PRIMARY KEY,
    value       jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Every platform action (CLI or master panel): append-only.
CREATE TABLE control.platform_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,
    action      text NOT NULL,
    tenant_id   integer,
    tenant_slug text,
    details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX platform_audit_tenant ON control.platform_audit (tenant_id, at);

CREATE FUNCTION control.forbid_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'o registro de auditoria da plataforma não pode ser alterado nem apagado';
END $$;
CREATE TRIGGER platform_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
    ON control.platform_audit FOR EACH STATEMENT EXECUTE FUNCTION control.forbid_audit_change();

-- Every change to the catalog tells every app process to drop its host cache.
CREATE FUNCTION control.notify_catalog() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('plenario_catalog', coalesce(NEW.tenant_id, OLD.tenant_id)::text);
    RETURN NULL;
END $$;
CREATE FUNCTION control.notify_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('plenario_catalog', coalesce(NEW.id, OLD.id)::text);
    RETURN NULL;
END $$;
CREATE TRIGGER tenants_notify AFTER INSERT OR UPDATE OR DELETE ON control.tenants
    FOR EACH ROW EXECUTE FUNCTION control.notify_tenant();
CREATE TRIGGER domains_notify AFTER INSERT OR UPDATE OR DELETE ON control.domains
    FOR EACH ROW EXECUTE FUNCTION control.notify_catalog();
