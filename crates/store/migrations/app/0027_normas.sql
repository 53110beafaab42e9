-- Normas jurídicas (issue #11): the câmara's tipos de norma, the normas with their
-- publicação, vigência and origin proposição, the articulated text stored as its
-- dispositivos, the vínculos between normas at the level of the dispositivo, and anexos.
-- The situação is never stored: domain::normas::situacao derives it from the vínculos and
-- the dates.

CREATE TABLE app.tipo_norma (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    sigla           text NOT NULL CHECK (sigla ~ '^[A-Z][A-Z0-9]{0,9}$'),
    nome            text NOT NULL CHECK (length(btrim(nome)) BETWEEN 3 AND 120),
    -- The LexML tipo-documento (domain::normas::urn): lei, lei.complementar, resolucao…
    tipo_lexml      text NOT NULL CHECK (tipo_lexml ~ '^[a-z]+(\.[a-z]+)*$'),
    -- 'ano': numbered from 1 each year; 'continua': one sequence (as most leis are).
    numeracao       text NOT NULL DEFAULT 'continua' CHECK (numeracao IN ('ano', 'continua')),
    ativo           boolean NOT NULL DEFAULT true,
    ordem           integer NOT NULL DEFAULT 0 CHECK (ordem BETWEEN 0 AND 1000),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT tipo_norma_sigla UNIQUE (tenant_id, sigla)
);

CREATE TABLE app.norma (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    tipo_id         uuid NOT NULL,
    numero          integer NOT NULL CHECK (numero > 0),
    ano             integer NOT NULL CHECK (ano BETWEEN 1800 AND 2200),
    -- The counter scope the number came from ("norma:<tipo>" or "norma:<tipo>:<ano>").
    escopo          text NOT NULL,
    data_assinatura date NOT NULL,
    ementa          text NOT NULL CHECK (length(btrim(ementa)) BETWEEN 10 AND 2000),
    indexacao       text NOT NULL DEFAULT '' CHECK (length(indexacao) <= 2000),
    autoria         text NOT NULL DEFAULT '' CHECK (length(autoria) <= 500),
    -- Epígrafe, ementa and preâmbulo as pasted before the first dispositivo.
    preambulo       text NOT NULL DEFAULT '' CHECK (length(preambulo) <= 20000),
    -- The proposição it came from (the proposição's page finds its norma through this).
    proposicao_id   uuid,
    publicacao_veiculo text NOT NULL DEFAULT '' CHECK (length(publicacao_veiculo) <= 200),
    publicacao_data date,
    publicacao_edicao text NOT NULL DEFAULT '' CHECK (length(publicacao_edicao) <= 40),
    publicacao_pagina text NOT NULL DEFAULT '' CHECK (length(publicacao_pagina) <= 40),
    vigencia_inicio date,
    vigencia_fim    date,
    busca           tsvector GENERATED ALWAYS AS (
        to_tsvector('app.portugues'::regconfig,
                    app.portugues_normalizado(ementa || ' ' || indexacao))) STORED,
    criado_em       timestamptz NOT NULL DEFAULT now(),
    atualizado_em   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT norma_numero UNIQUE (tenant_id, escopo, numero),
    CONSTRAINT norma_uma_por_proposicao UNIQUE (tenant_id, proposicao_id),
    FOREIGN KEY (tenant_id, tipo_id) REFERENCES app.tipo_norma (tenant_id, id),
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id)
        ON DELETE SET NULL (proposicao_id),
    CONSTRAINT norma_vigencia CHECK (vigencia_fim IS NULL OR vigencia_inicio IS NULL
                                     OR vigencia_fim >= vigencia_inicio),
    CONSTRAINT norma_publicacao CHECK (publicacao_data IS NULL OR publicacao_data >= data_assinatura)
);
CREATE INDEX norma_lista ON app.norma (tenant_id, data_assinatura DESC, id DESC);
CREATE INDEX norma_tipo ON app.norma (tenant_id, tipo_id, ano DESC, numero DESC);
CREATE INDEX norma_busca ON app.norma USING gin (tenant_id, busca);

-- The articulated text, one row per dispositivo in reading order: (ordem, nivel) rebuild
-- the tree (domain::normas::Texto); fragmento is the LexML id (art5_par1u).
CREATE TABLE app.norma_dispositivo (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    norma_id        uuid NOT NULL,
    ordem           integer NOT NULL CHECK (ordem >= 0),
    nivel           smallint NOT NULL CHECK (nivel BETWEEN 0 AND 20),
    fragmento       text NOT NULL CHECK (fragmento ~ '^[a-z0-9_-]+$'),
    -- domain::normas::Tipo
    tipo            text NOT NULL CHECK (tipo IN ('parte', 'livro', 'titulo', 'capitulo', 'secao',
                        'subsecao', 'artigo', 'caput', 'paragrafo', 'inciso', 'alinea', 'item')),
    numero          integer NOT NULL CHECK (numero >= 0),
    sufixo          smallint NOT NULL DEFAULT 0 CHECK (sufixo BETWEEN 0 AND 26),
    unico           boolean NOT NULL DEFAULT false,
    texto           text NOT NULL DEFAULT '' CHECK (length(texto) <= 50000),
    nota            text CHECK (length(nota) <= 1000),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT norma_dispositivo_ordem UNIQUE (tenant_id, norma_id, ordem),
    CONSTRAINT norma_dispositivo_fragmento UNIQUE (tenant_id, norma_id, fragmento),
    FOREIGN KEY (tenant_id, norma_id) REFERENCES app.norma (tenant_id, id) ON DELETE CASCADE
);

-- What a norma (norma_id) does to another (alvo_id), or to one of its dispositivos.
CREATE TABLE app.norma_vinculo (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    norma_id        uuid NOT NULL,
    alvo_id         uuid NOT NULL,
    -- domain::normas::TipoVinculo
    tipo            text NOT NULL CHECK (tipo IN ('altera', 'acrescenta', 'revoga', 'regulamenta',
                        'declara_inconstitucional', 'repristina', 'suspende')),
    -- The alvo's fragment id (for acrescenta, the new dispositivo's); NULL: the whole norma.
    dispositivo     text CHECK (dispositivo ~ '^[a-z0-9_-]+$'),
    -- The new wording as the altering norma writes it (altera, acrescenta).
    texto_novo      text NOT NULL DEFAULT '' CHECK (length(texto_novo) <= 50000),
    vigencia        date NOT NULL,
    -- The decision, for declara_inconstitucional; any note otherwise.
    observacao      text NOT NULL DEFAULT '' CHECK (length(observacao) <= 2000),
    criado_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, norma_id) REFERENCES app.norma (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, alvo_id) REFERENCES app.norma (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT norma_vinculo_propria CHECK (norma_id <> alvo_id),
    CONSTRAINT norma_vinculo_texto CHECK (
        tipo NOT IN ('altera', 'acrescenta') OR (dispositivo IS NOT NULL AND length(btrim(texto_novo)) > 0))
);
CREATE INDEX norma_vinculo_alvo ON app.norma_vinculo (tenant_id, alvo_id, vigencia);
CREATE INDEX norma_vinculo_norma ON app.norma_vinculo (tenant_id, norma_id);

-- The signed text as a PDF, and other files (in the files store, like proposições').
CREATE TABLE app.norma_anexo (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    norma_id        uuid NOT NULL,
    titulo          text NOT NULL CHECK (length(btrim(titulo)) BETWEEN 2 AND 200),
    nome_arquivo    text NOT NULL CHECK (length(nome_arquivo) BETWEEN 1 AND 200),
    arquivo_key     text NOT NULL,
    content_type    text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    tamanho         bigint NOT NULL CHECK (tamanho BETWEEN 1 AND 20971520),
    criado_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, norma_id) REFERENCES app.norma (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tipo_norma', 'norma', 'norma_dispositivo', 'norma_vinculo',
                             'norma_anexo'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;

-- The usual tipos de norma. One home for the defaults: provisioning calls this too
-- (store::normas::padroes).
CREATE FUNCTION app.normas_padroes(tenant integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO app.tipo_norma (tenant_id, id, sigla, nome, tipo_lexml, numeracao, ordem)
    SELECT tenant, gen_random_uuid(), d.sigla, d.nome, d.lexml, d.numeracao, d.ordem
      FROM (VALUES
        ('LO',   'Lei Ordinária',                 'lei',                 'continua', 1),
        ('LC',   'Lei Complementar',              'lei.complementar',    'continua', 2),
        ('LOM',  'Lei Orgânica',                  'lei.organica',        'continua', 3),
        ('ELOM', 'Emenda à Lei Orgânica',         'emenda.lei.organica', 'continua', 4),
        ('RES',  'Resolução',                     'resolucao',           'ano',      5),
        ('DL',   'Decreto Legislativo',           'decreto.legislativo', 'ano',      6),
        ('RI',   'Regimento Interno',             'resolucao',           'continua', 7)
      ) AS d (sigla, nome, lexml, numeracao, ordem)
    ON CONFLICT (tenant_id, sigla) DO NOTHING;
$$;

DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tenant_id FROM plenario.resident LOOP
        PERFORM set_config('app.tenant_id', r.tenant_id::text, true);
        PERFORM app.normas_padroes(r.tenant_id);
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
