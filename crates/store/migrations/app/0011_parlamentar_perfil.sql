-- The parlamentar's profile: photo, gabinete, redes sociais; the partido's logo; the
-- afastamentos of a mandato (licenças, cargo no Executivo), with the suplente who took the seat.

ALTER TABLE app.parlamentar
    ADD COLUMN foto_key text CHECK (foto_key IS NULL OR foto_key ~ '^camaras/[0-9]+/'),
    ADD COLUMN gabinete_sala text NOT NULL DEFAULT '' CHECK (length(gabinete_sala) <= 100),
    ADD COLUMN gabinete_telefone text NOT NULL DEFAULT ''
        CHECK (gabinete_telefone = '' OR gabinete_telefone ~ '^[0-9 ()+-]{8,20}$');

ALTER TABLE app.partido
    ADD COLUMN logo_key text CHECK (logo_key IS NULL OR logo_key ~ '^camaras/[0-9]+/');

-- Links to the parlamentar's social networks, in display order.
CREATE TABLE app.parlamentar_rede (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    parlamentar_id  uuid NOT NULL,
    rede            text NOT NULL CHECK (rede IN ('facebook', 'instagram', 'youtube', 'x', 'tiktok', 'linkedin', 'site', 'outra')),
    url             text NOT NULL CHECK (url ~ '^https://[^[:space:]]+$' AND length(url) <= 500),
    ordem           integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, parlamentar_id) REFERENCES app.parlamentar (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT parlamentar_rede_unica UNIQUE (tenant_id, parlamentar_id, url)
);

-- A mandato's interruptions. The suplente (another parlamentar) may be recorded as having
-- taken the seat for the period.
CREATE TABLE app.afastamento (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    mandato_id      uuid NOT NULL,
    tipo            text NOT NULL CHECK (tipo IN ('licenca_saude', 'licenca_particular', 'cargo_executivo', 'outro')),
    inicio          date NOT NULL,
    -- Open: the afastamento goes on.
    fim             date,
    suplente_id     uuid,
    observacao      text NOT NULL DEFAULT '' CHECK (length(observacao) <= 2000),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT afastamento_periodo CHECK (fim IS NULL OR fim >= inicio),
    FOREIGN KEY (tenant_id, mandato_id) REFERENCES app.mandato (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT afastamento_suplente_fk FOREIGN KEY (tenant_id, suplente_id) REFERENCES app.parlamentar (tenant_id, id),
    -- Two afastamentos of the same mandato never overlap.
    CONSTRAINT afastamento_sobreposto
        EXCLUDE USING gist (tenant_id WITH =, mandato_id WITH =, daterange(inicio, fim, '[]') WITH &&)
);
CREATE INDEX afastamento_suplente ON app.afastamento (tenant_id, suplente_id);

-- An afastamento lies inside its mandato, and the suplente is someone else.
CREATE FUNCTION app.afastamento_dentro() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE m record;
BEGIN
    SELECT inicio, fim, parlamentar_id INTO m FROM app.mandato
     WHERE tenant_id = NEW.tenant_id AND id = NEW.mandato_id;
    IF FOUND AND (NEW.inicio < m.inicio OR NEW.inicio > m.fim OR COALESCE(NEW.fim, m.fim) > m.fim) THEN
        RAISE EXCEPTION 'afastamento fora do mandato'
            USING ERRCODE = '23514', CONSTRAINT = 'afastamento_dentro';
    END IF;
    IF FOUND AND NEW.suplente_id IS NOT NULL AND NEW.suplente_id = m.parlamentar_id THEN
        RAISE EXCEPTION 'o suplente não pode ser o próprio parlamentar afastado'
            USING ERRCODE = '23514', CONSTRAINT = 'afastamento_suplente';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER afastamento_dentro BEFORE INSERT OR UPDATE ON app.afastamento
    FOR EACH ROW EXECUTE FUNCTION app.afastamento_dentro();

-- A mandato cannot shrink past its afastamentos.
CREATE FUNCTION app.mandato_afastamentos() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM app.afastamento a
                WHERE a.tenant_id = NEW.tenant_id AND a.mandato_id = NEW.id
                  AND (a.inicio < NEW.inicio OR a.inicio > NEW.fim OR COALESCE(a.fim, NEW.fim) > NEW.fim)) THEN
        RAISE EXCEPTION 'afastamentos fora do novo período do mandato'
            USING ERRCODE = '23514', CONSTRAINT = 'mandato_afastamentos';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER mandato_afastamentos BEFORE UPDATE OF inicio, fim ON app.mandato
    FOR EACH ROW EXECUTE FUNCTION app.mandato_afastamentos();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['parlamentar_rede', 'afastamento'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;
