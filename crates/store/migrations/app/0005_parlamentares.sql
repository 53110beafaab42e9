-- The câmara's composition: legislaturas, partidos, parlamentares, their mandatos and
-- filiações. Overlaps the rules forbid are refused by the database (exclusion constraints).

CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA plenario;

CREATE TABLE app.legislatura (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    numero      integer NOT NULL CHECK (numero > 0),
    inicio      date NOT NULL,
    fim         date NOT NULL CHECK (fim > inicio),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, numero),
    -- Two legislaturas never overlap.
    EXCLUDE USING gist (tenant_id WITH =, daterange(inicio, fim, '[]') WITH &&)
);

CREATE TABLE app.partido (
    tenant_id   integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    sigla       text NOT NULL CHECK (sigla ~ '^[A-Za-zÀ-ú0-9 .-]{2,20}$'),
    nome        text NOT NULL CHECK (length(btrim(nome)) BETWEEN 3 AND 200),
    numero      integer CHECK (numero BETWEEN 10 AND 99),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, sigla)
);

CREATE TABLE app.parlamentar (
    tenant_id           integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id                  uuid NOT NULL,
    nome_civil          text NOT NULL CHECK (length(btrim(nome_civil)) BETWEEN 3 AND 200),
    nome_parlamentar    text NOT NULL CHECK (length(btrim(nome_parlamentar)) BETWEEN 2 AND 100),
    slug                text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    biografia           text NOT NULL DEFAULT '',
    email               text NOT NULL DEFAULT '',
    telefone            text NOT NULL DEFAULT '',
    -- Personal data: never leaves the admin (LGPD).
    cpf                 text CHECK (cpf IS NULL OR cpf ~ '^[0-9]{11}$'),
    ativo               boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug)
);

CREATE TABLE app.mandato (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    parlamentar_id  uuid NOT NULL,
    legislatura_id  uuid NOT NULL,
    tipo            text NOT NULL CHECK (tipo IN ('titular', 'suplente')),
    votos           integer CHECK (votos >= 0),
    inicio          date NOT NULL,
    fim             date NOT NULL CHECK (fim >= inicio),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, parlamentar_id) REFERENCES app.parlamentar (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, legislatura_id) REFERENCES app.legislatura (tenant_id, id),
    -- A parlamentar holds one mandato at a time.
    EXCLUDE USING gist (tenant_id WITH =, parlamentar_id WITH =, daterange(inicio, fim, '[]') WITH &&)
);
CREATE INDEX mandato_legislatura ON app.mandato (tenant_id, legislatura_id);

CREATE TABLE app.filiacao (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    parlamentar_id  uuid NOT NULL,
    partido_id      uuid NOT NULL,
    inicio          date NOT NULL,
    fim             date CHECK (fim IS NULL OR fim > inicio),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, parlamentar_id) REFERENCES app.parlamentar (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, partido_id) REFERENCES app.partido (tenant_id, id),
    -- Never two filiações at once (an open one runs to infinity).
    EXCLUDE USING gist (tenant_id WITH =, parlamentar_id WITH =, daterange(inicio, fim, '[)') WITH &&)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['legislatura', 'partido', 'parlamentar', 'mandato', 'filiacao'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;
