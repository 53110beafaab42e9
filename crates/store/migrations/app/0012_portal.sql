-- The portal's identity gets a version, bumped by every change to the câmara's configuration
-- or social networks (any UPDATE of the row bumps it), so each process can keep the identity in memory and still never serve
-- a stale one: the transaction's first statement reads the version (see store::tenancy).
-- Also the privacy notice (LGPD): the encarregado (DPO) and the policy text.

ALTER TABLE app.camara_config
    ADD COLUMN versao bigint NOT NULL DEFAULT 1,
    ADD COLUMN encarregado_nome text NOT NULL DEFAULT '' CHECK (length(encarregado_nome) <= 200),
    ADD COLUMN encarregado_email text NOT NULL DEFAULT '' CHECK (length(encarregado_email) <= 254),
    ADD COLUMN encarregado_telefone text NOT NULL DEFAULT '' CHECK (length(encarregado_telefone) <= 40),
    ADD COLUMN politica_privacidade text NOT NULL DEFAULT '' CHECK (length(politica_privacidade) <= 100000);

CREATE FUNCTION app.camara_config_versao() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    NEW.versao := OLD.versao + 1;
    RETURN NEW;
END $$;

CREATE TRIGGER camara_config_versao BEFORE UPDATE ON app.camara_config
    FOR EACH ROW EXECUTE FUNCTION app.camara_config_versao();

-- Changes to the social networks bump it explicitly (store::camara), not by a trigger: a
-- trigger updating camara_config while a câmara's rows are deleted in cascade would fail.
