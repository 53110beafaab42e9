-- Cross-tenant attempts seen by the app (a session cookie of one câmara presented on
-- another's host, an RLS violation): evidence for the operator, append-only.
CREATE TABLE control.security_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    kind            text NOT NULL,
    host_tenant_id  integer,
    other_tenant_id integer,
    ip              inet,
    request_id      text,
    details         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX security_events_at ON control.security_events (at DESC);
CREATE TRIGGER security_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
    ON control.security_events FOR EACH STATEMENT EXECUTE FUNCTION control.forbid_audit_change();
