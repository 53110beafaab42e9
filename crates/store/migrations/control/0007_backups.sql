-- Every backup of a câmara (plenario tenant backup, plenario backup all): when, how big,
-- its SHA-256, where it went, and whether it worked. The master panel shows each
-- câmara's last one and its age; the metrics export the time of the last success.

CREATE TABLE control.backups (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   integer NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    em          timestamptz NOT NULL DEFAULT now(),
    -- The snapshot's time (the data is as of then): the RPO is measured from it.
    instantaneo timestamptz,
    bytes       bigint,
    sha256      text,
    local       text,
    ok          boolean NOT NULL,
    erro        text,
    duracao_ms  bigint
);
CREATE INDEX backups_por_camara ON control.backups (tenant_id, em DESC);
