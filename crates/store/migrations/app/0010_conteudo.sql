-- Conteúdo: notícias (drafts, scheduled and published, with cover images) and the páginas
-- institucionais with their attachments.

-- Full-text search in Portuguese that ignores accents: the portuguese stemmer behind the
-- unaccent filter when the cluster has it (the portuguese stemmer alone otherwise). The
-- configuration lives in schema app, which the application role can use.
CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA plenario;
DO $$
DECLARE dict text;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent') THEN
        CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA plenario;
    END IF;
    CREATE TEXT SEARCH CONFIGURATION app.portugues (COPY = pg_catalog.portuguese);
    SELECT quote_ident(n.nspname) || '.unaccent' INTO dict
      FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace
     WHERE d.dictname = 'unaccent' LIMIT 1;
    IF dict IS NOT NULL THEN
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION app.portugues
            ALTER MAPPING FOR hword, hword_part, word WITH %s, portuguese_stem', dict);
    END IF;
END $$;

CREATE TABLE app.noticia (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    slug            text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 120),
    titulo          text NOT NULL CHECK (length(btrim(titulo)) BETWEEN 3 AND 200),
    resumo          text NOT NULL DEFAULT '' CHECK (length(resumo) <= 500),
    corpo           text NOT NULL DEFAULT '' CHECK (length(corpo) <= 200000),
    -- A fixed list (see store::noticias::CATEGORIAS).
    categoria       text NOT NULL CHECK (categoria IN ('institucional', 'legislativo', 'sessoes',
                        'comissoes', 'eventos', 'comunicados', 'transparencia')),
    tags            text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 10),
    capa_key        text,
    capa_alt        text NOT NULL DEFAULT '' CHECK (length(capa_alt) <= 300),
    status          text NOT NULL CHECK (status IN ('rascunho', 'publicada')),
    -- Published notícias are visible from this moment on (no job needed).
    publicar_em     timestamptz,
    autor_id        uuid,
    criado_em       timestamptz NOT NULL DEFAULT now(),
    atualizado_em   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug),
    FOREIGN KEY (tenant_id, autor_id) REFERENCES app.usuario (tenant_id, id) ON DELETE SET NULL (autor_id),
    CONSTRAINT noticia_publicada_tem_data CHECK (status = 'rascunho' OR publicar_em IS NOT NULL),
    -- A cover image always has its alternative text (accessibility).
    CONSTRAINT noticia_capa_alt CHECK (capa_key IS NULL OR length(btrim(capa_alt)) >= 3)
);
CREATE INDEX noticia_publicadas ON app.noticia (tenant_id, publicar_em DESC) WHERE status = 'publicada';
CREATE INDEX noticia_busca ON app.noticia USING gin (tenant_id,
    to_tsvector('app.portugues'::regconfig, titulo || ' ' || resumo || ' ' || corpo));

CREATE TABLE app.pagina (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    slug            text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
    titulo          text NOT NULL CHECK (length(btrim(titulo)) BETWEEN 3 AND 200),
    corpo           text NOT NULL DEFAULT '' CHECK (length(corpo) <= 500000),
    publicada       boolean NOT NULL DEFAULT false,
    ordem           integer NOT NULL DEFAULT 0 CHECK (ordem BETWEEN 0 AND 1000),
    atualizado_em   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, slug)
);

CREATE TABLE app.pagina_anexo (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    pagina_id       uuid NOT NULL,
    titulo          text NOT NULL CHECK (length(btrim(titulo)) BETWEEN 2 AND 200),
    nome_arquivo    text NOT NULL CHECK (length(nome_arquivo) BETWEEN 1 AND 200),
    arquivo_key     text NOT NULL,
    -- The allow-list (the content is sniffed before it gets here).
    content_type    text NOT NULL CHECK (content_type IN (
                        'application/pdf', 'image/png', 'image/jpeg',
                        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
                        'application/vnd.oasis.opendocument.text',
                        'application/vnd.oasis.opendocument.spreadsheet',
                        'application/vnd.oasis.opendocument.presentation',
                        'application/msword', 'application/vnd.ms-excel')),
    tamanho         bigint NOT NULL CHECK (tamanho BETWEEN 1 AND 20971520),
    criado_em       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, pagina_id) REFERENCES app.pagina (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX pagina_anexo_pagina ON app.pagina_anexo (tenant_id, pagina_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['noticia', 'pagina', 'pagina_anexo'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;

-- The pages every câmara starts with (provisioning calls this too, through
-- store::paginas::padroes): "sobre" and "papel do vereador" published with a short text,
-- the others as drafts until the câmara fills them in.
CREATE FUNCTION app.paginas_padrao(tenant integer) RETURNS void
LANGUAGE sql SECURITY INVOKER AS $$
    INSERT INTO app.pagina (tenant_id, id, slug, titulo, corpo, publicada, ordem)
    SELECT tenant, gen_random_uuid(), p.slug, p.titulo,
           replace(p.corpo, '{camara}', coalesce((SELECT nome FROM app.camara_config WHERE tenant_id = tenant), 'Câmara Municipal')),
           p.publicada, p.ordem
      FROM (VALUES
        ('sobre', 'Sobre a Câmara',
         'A {camara} é o órgão do Poder Legislativo do município. Cabe a ela elaborar as leis municipais, fiscalizar o Poder Executivo e representar a população.',
         true, 10),
        ('historia', 'História', 'Texto em elaboração.', false, 20),
        ('regimento-interno', 'Regimento Interno', 'O Regimento Interno será publicado nesta página.', false, 30),
        ('lei-organica', 'Lei Orgânica do Município', 'A Lei Orgânica do Município será publicada nesta página.', false, 40),
        ('codigo-de-etica', 'Código de Ética Parlamentar', 'O Código de Ética Parlamentar será publicado nesta página.', false, 50),
        ('papel-do-vereador', 'O papel do vereador',
         'O vereador é eleito para representar a população do município. Suas principais funções são **legislar** (propor, discutir e votar leis de interesse local), **fiscalizar** o Poder Executivo (inclusive o orçamento e as contas públicas) e **representar** os cidadãos, levando suas demandas ao poder público.',
         true, 60)
      ) AS p (slug, titulo, corpo, publicada, ordem)
    ON CONFLICT (tenant_id, slug) DO NOTHING
$$;

-- The câmaras that already exist get the same pages.
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tenant_id FROM plenario.resident LOOP
        PERFORM set_config('app.tenant_id', r.tenant_id::text, true);
        PERFORM app.paginas_padrao(r.tenant_id);
    END LOOP;
END $$;
