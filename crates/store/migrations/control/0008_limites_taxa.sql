-- The operator's rate limits for one câmara (issue #14, item 6), overriding the
-- deployment's defaults (PLENARIO_LIMITE_IP, PLENARIO_LIMITE_CAMARA). Requests per minute;
-- NULL keeps the default, 0 turns that limit off for the câmara. Read with the catalog
-- entry (the host cache), so a change reaches every app process by the catalog's NOTIFY.

CREATE TABLE control.limites_taxa (
    tenant_id   integer PRIMARY KEY REFERENCES control.tenants (id) ON DELETE CASCADE,
    por_ip      integer CHECK (por_ip BETWEEN 0 AND 1000000),
    por_camara  integer CHECK (por_camara BETWEEN 0 AND 10000000),
    alterado_em timestamptz NOT NULL DEFAULT now(),
    alterado_por text NOT NULL
);

CREATE TRIGGER limites_taxa_notify AFTER INSERT OR UPDATE OR DELETE ON control.limites_taxa
    FOR EACH ROW EXECUTE FUNCTION control.notify_catalog();
