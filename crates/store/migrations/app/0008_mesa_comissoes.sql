-- The mesa diretora and the comissões.
--
-- Mesa: configurable cargos (Presidente, Vice-Presidente, 1º e 2º Secretários by default), the
-- períodos a mesa serves (usually a biennium: given by dates inside a legislatura, not tied to
-- one sessão legislativa, since the Lei Orgânica decides whether a mesa serves one, two or
-- more years) and the members of each período, with history (a membership is ended with a
-- fim date, never overwritten).
--
-- Comissões: permanentes, temporárias, CPIs and especiais with their composição over time.
-- Reuniões and pareceres will reference app.comissao (tenant_id, id) and
-- app.membro_comissao (tenant_id, id).

CREATE TABLE app.cargo_mesa (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    nome        text NOT NULL CHECK (length(btrim(nome)) BETWEEN 2 AND 60),
    -- Precedence: the Presidente is 1; substitutions follow it.
    ordem       integer NOT NULL CHECK (ordem BETWEEN 1 AND 99),
    obrigatorio boolean NOT NULL DEFAULT false,
    ativo       boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, nome)
);

CREATE TABLE app.mesa_periodo (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    legislatura_id  uuid NOT NULL,
    numero          integer NOT NULL CHECK (numero > 0),
    inicio          date NOT NULL,
    fim             date NOT NULL CHECK (fim > inicio),
    descricao       text NOT NULL DEFAULT '' CHECK (length(descricao) <= 500),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, legislatura_id) REFERENCES app.legislatura (tenant_id, id) ON DELETE CASCADE,
    UNIQUE (tenant_id, legislatura_id, numero),
    -- One mesa at a time: períodos never overlap.
    EXCLUDE USING gist (tenant_id WITH =, daterange(inicio, fim, '[]') WITH &&)
);

CREATE FUNCTION app.mesa_periodo_dentro() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE l record;
BEGIN
    SELECT inicio, fim INTO l FROM app.legislatura
     WHERE tenant_id = NEW.tenant_id AND id = NEW.legislatura_id;
    IF FOUND AND (NEW.inicio < l.inicio OR NEW.fim > l.fim) THEN
        RAISE EXCEPTION 'período da mesa fora da legislatura'
            USING ERRCODE = '23514', CONSTRAINT = 'mesa_periodo_dentro';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER mesa_periodo_dentro BEFORE INSERT OR UPDATE ON app.mesa_periodo
    FOR EACH ROW EXECUTE FUNCTION app.mesa_periodo_dentro();

CREATE TABLE app.membro_mesa (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    periodo_id      uuid NOT NULL,
    parlamentar_id  uuid NOT NULL,
    cargo_id        uuid NOT NULL,
    inicio          date NOT NULL,
    -- Filled with the período's end when not given (see the trigger): always bounded, so a
    -- membership never spills into the next período.
    fim             date NOT NULL CHECK (fim >= inicio),
    observacao      text NOT NULL DEFAULT '' CHECK (length(observacao) <= 500),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, periodo_id) REFERENCES app.mesa_periodo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, parlamentar_id) REFERENCES app.parlamentar (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, cargo_id) REFERENCES app.cargo_mesa (tenant_id, id),
    -- One holder per cargo at a time.
    CONSTRAINT membro_mesa_cargo_unico
        EXCLUDE USING gist (tenant_id WITH =, cargo_id WITH =, daterange(inicio, fim, '[]') WITH &&),
    -- One cargo per parlamentar at a time.
    CONSTRAINT membro_mesa_parlamentar_unico
        EXCLUDE USING gist (tenant_id WITH =, parlamentar_id WITH =, daterange(inicio, fim, '[]') WITH &&)
);
CREATE INDEX membro_mesa_periodo ON app.membro_mesa (tenant_id, periodo_id);

-- A member serves inside the período and holds a mandato in its legislatura all along.
CREATE FUNCTION app.membro_mesa_valido() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE p record;
BEGIN
    SELECT legislatura_id, inicio, fim INTO p FROM app.mesa_periodo
     WHERE tenant_id = NEW.tenant_id AND id = NEW.periodo_id;
    IF NOT FOUND THEN
        RETURN NEW; -- the foreign key refuses it
    END IF;
    IF NOT EXISTS (SELECT 1 FROM app.parlamentar
                    WHERE tenant_id = NEW.tenant_id AND id = NEW.parlamentar_id) THEN
        RETURN NEW; -- the foreign key refuses it
    END IF;
    NEW.fim := COALESCE(NEW.fim, p.fim);
    IF NEW.inicio < p.inicio OR NEW.fim > p.fim THEN
        RAISE EXCEPTION 'membro da mesa fora do período'
            USING ERRCODE = '23514', CONSTRAINT = 'membro_mesa_no_periodo';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM app.mandato m
         WHERE m.tenant_id = NEW.tenant_id AND m.parlamentar_id = NEW.parlamentar_id
           AND m.legislatura_id = p.legislatura_id
           AND daterange(m.inicio, m.fim, '[]') @> daterange(NEW.inicio, NEW.fim, '[]')
    ) THEN
        RAISE EXCEPTION 'membro da mesa sem mandato'
            USING ERRCODE = '23514', CONSTRAINT = 'membro_mesa_mandato';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER membro_mesa_valido BEFORE INSERT OR UPDATE ON app.membro_mesa
    FOR EACH ROW EXECUTE FUNCTION app.membro_mesa_valido();

CREATE TABLE app.comissao (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    tipo        text NOT NULL CHECK (tipo IN ('permanente', 'temporaria', 'cpi', 'especial')),
    nome        text NOT NULL CHECK (length(btrim(nome)) BETWEEN 3 AND 200),
    sigla       text NOT NULL CHECK (sigla ~ '^[A-Z0-9]{2,12}(-[A-Z0-9]{1,12})?$'),
    slug        text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    -- Finalidade and competências, in Markdown.
    finalidade  text NOT NULL DEFAULT '',
    criacao     date NOT NULL,
    -- Temporárias and CPIs have a deadline.
    prazo       date CHECK (prazo IS NULL OR prazo >= criacao),
    extincao    date CHECK (extincao IS NULL OR extincao >= criacao),
    -- Mirrors extincao (for the lists); the check keeps them in step.
    ativa       boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, sigla),
    UNIQUE (tenant_id, slug),
    CONSTRAINT comissao_ativa_extincao CHECK (ativa = (extincao IS NULL)),
    CONSTRAINT comissao_prazo CHECK (tipo NOT IN ('temporaria', 'cpi') OR prazo IS NOT NULL)
);

CREATE TABLE app.membro_comissao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    comissao_id     uuid NOT NULL,
    parlamentar_id  uuid NOT NULL,
    cargo           text NOT NULL CHECK (cargo IN ('presidente', 'vice-presidente', 'relator', 'membro')),
    titular         boolean NOT NULL DEFAULT true,
    designacao      date NOT NULL,
    desligamento    date CHECK (desligamento IS NULL OR desligamento >= designacao),
    motivo          text NOT NULL DEFAULT '' CHECK (length(motivo) <= 500),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, comissao_id) REFERENCES app.comissao (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, parlamentar_id) REFERENCES app.parlamentar (tenant_id, id) ON DELETE CASCADE,
    -- A parlamentar sits in a comissão once at a time (an open membership runs to infinity).
    CONSTRAINT membro_comissao_unico
        EXCLUDE USING gist (tenant_id WITH =, comissao_id WITH =, parlamentar_id WITH =,
                            daterange(designacao, desligamento, '[]') WITH &&),
    -- One presidente and one vice-presidente at a time.
    CONSTRAINT membro_comissao_cargo_unico
        EXCLUDE USING gist (tenant_id WITH =, comissao_id WITH =, cargo WITH =,
                            daterange(designacao, desligamento, '[]') WITH &&)
        WHERE (cargo IN ('presidente', 'vice-presidente'))
);
CREATE INDEX membro_comissao_parlamentar ON app.membro_comissao (tenant_id, parlamentar_id);

-- A designação falls inside the comissão's life, and the parlamentar holds a mandato then.
CREATE FUNCTION app.membro_comissao_valido() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE c record;
BEGIN
    SELECT criacao, extincao INTO c FROM app.comissao
     WHERE tenant_id = NEW.tenant_id AND id = NEW.comissao_id;
    IF NOT FOUND THEN
        RETURN NEW; -- the foreign key refuses it
    END IF;
    IF NOT EXISTS (SELECT 1 FROM app.parlamentar
                    WHERE tenant_id = NEW.tenant_id AND id = NEW.parlamentar_id) THEN
        RETURN NEW; -- the foreign key refuses it
    END IF;
    IF NEW.designacao < c.criacao
       OR (c.extincao IS NOT NULL AND (NEW.designacao > c.extincao
           OR COALESCE(NEW.desligamento, 'infinity'::date) > c.extincao)) THEN
        RAISE EXCEPTION 'designação fora da vigência da comissão'
            USING ERRCODE = '23514', CONSTRAINT = 'membro_comissao_vigencia';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM app.mandato m
         WHERE m.tenant_id = NEW.tenant_id AND m.parlamentar_id = NEW.parlamentar_id
           AND daterange(m.inicio, m.fim, '[]') @> NEW.designacao
    ) THEN
        RAISE EXCEPTION 'membro da comissão sem mandato'
            USING ERRCODE = '23514', CONSTRAINT = 'membro_comissao_mandato';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER membro_comissao_valido BEFORE INSERT OR UPDATE ON app.membro_comissao
    FOR EACH ROW EXECUTE FUNCTION app.membro_comissao_valido();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['cargo_mesa', 'mesa_periodo', 'membro_mesa', 'comissao', 'membro_comissao'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;

-- The default cargos for the câmaras that already exist (new ones get them from provisioning,
-- store::mesa::padroes).
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tenant_id FROM plenario.resident LOOP
        PERFORM set_config('app.tenant_id', r.tenant_id::text, true);
        INSERT INTO app.cargo_mesa (tenant_id, id, nome, ordem, obrigatorio)
        SELECT r.tenant_id, gen_random_uuid(), c.nome, c.ordem, true
          FROM (VALUES ('Presidente', 1), ('Vice-Presidente', 2),
                       ('1º Secretário', 3), ('2º Secretário', 4)) AS c (nome, ordem)
        ON CONFLICT DO NOTHING;
    END LOOP;
END $$;
