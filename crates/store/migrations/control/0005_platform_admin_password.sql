-- The password printed by `plenario platform-admin create` is one-time: it must be
-- replaced at the first login and stops working after `senha_expira_em` if unused.
ALTER TABLE control.platform_admins
    ADD COLUMN trocar_senha boolean NOT NULL DEFAULT false,
    ADD COLUMN senha_expira_em timestamptz;

-- The master panel throttles like the câmaras (docs/identity.md, "Throttling"): per
-- (account, client) with growing waits; per IP only for unknown accounts.
ALTER TABLE control.platform_login_failures
    ADD COLUMN conta_conhecida boolean NOT NULL DEFAULT true;
CREATE INDEX platform_login_failures_ip ON control.platform_login_failures (ip, em);
