-- Login throttling per (account, client) with growing waits instead of account-wide locks
-- (docs/identity.md, "Throttling"). A failure records which step failed (the password or
-- the second factor, counted apart) and whether the account exists (only failures on
-- unknown accounts count per IP).
ALTER TABLE app.login_falha
    ADD COLUMN etapa text NOT NULL DEFAULT 'senha' CHECK (etapa IN ('senha', '2fa')),
    ADD COLUMN conta_conhecida boolean NOT NULL DEFAULT true;
CREATE INDEX login_falha_email_ip ON app.login_falha (tenant_id, email, ip, em);
