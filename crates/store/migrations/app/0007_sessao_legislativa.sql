-- Sessões legislativas: the yearly periods inside a legislatura. The mesa diretora is elected
-- per período and plenary sessions are numbered per sessão legislativa, so both hang from here.

CREATE TABLE app.sessao_legislativa (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    legislatura_id  uuid NOT NULL,
    numero          integer NOT NULL CHECK (numero > 0),
    inicio          date NOT NULL,
    fim             date NOT NULL CHECK (fim > inicio),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, legislatura_id) REFERENCES app.legislatura (tenant_id, id) ON DELETE CASCADE,
    UNIQUE (tenant_id, legislatura_id, numero),
    -- Two sessões legislativas never overlap.
    EXCLUDE USING gist (tenant_id WITH =, daterange(inicio, fim, '[]') WITH &&)
);

-- A sessão legislativa lies inside its legislatura (a row check cannot see the other table).
CREATE FUNCTION app.sessao_legislativa_dentro() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE l record;
BEGIN
    SELECT inicio, fim INTO l FROM app.legislatura
     WHERE tenant_id = NEW.tenant_id AND id = NEW.legislatura_id;
    IF FOUND AND (NEW.inicio < l.inicio OR NEW.fim > l.fim) THEN
        RAISE EXCEPTION 'sessão legislativa fora da legislatura'
            USING ERRCODE = '23514', CONSTRAINT = 'sessao_legislativa_dentro';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER sessao_legislativa_dentro BEFORE INSERT OR UPDATE ON app.sessao_legislativa
    FOR EACH ROW EXECUTE FUNCTION app.sessao_legislativa_dentro();

ALTER TABLE app.sessao_legislativa ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.sessao_legislativa FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.sessao_legislativa
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);
