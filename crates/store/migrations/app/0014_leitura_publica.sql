-- The common public pages in ONE statement each (issue #9, item 7).
--
-- A request for one of these pages sends a single statement to PostgreSQL, outside any
-- BEGIN … COMMIT: `SELECT app.pagina_<nome>($1 câmara, $2 versão da identidade em cache, $3 parâmetros)`.
-- Such a statement is its own (implicit) transaction, so the transaction-local
-- `set_config('app.tenant_id', …, true)` done by app.leitura_abrir ends with it: nothing of
-- the câmara survives on the pooled connection, on success or on error.
--
-- Why functions and not one plain statement with a CTE: PL/pgSQL runs its statements one
-- after the other, so every read of a page runs after the scoping; in a single plain
-- statement the planner may evaluate the row-security qual (current_setting) before the
-- CTE that sets it. All functions here are SECURITY INVOKER (the default): the reads run
-- as plenario_app, bound by row level security like any other query, and still say
-- `tenant_id = p_tenant` (RLS is the net, not the filter).
--
-- The JSON they return is read by serde in crates/store/src/portal.rs and the
-- `pagina_publica` modules; dates and instants are written in the form the `time` crate
-- reads (app.json_data, app.json_instante).

-- `time::Date` as serde reads it: [ano, dia do ano].
CREATE FUNCTION app.json_data(d date) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN d IS NULL THEN NULL
                ELSE jsonb_build_array(extract(year FROM d)::int, extract(doy FROM d)::int) END
$$;

-- `time::OffsetDateTime` as serde reads it: [ano, dia do ano, h, min, s, ns, 0, 0, 0] in UTC.
CREATE FUNCTION app.json_instante(t timestamptz) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN t IS NULL THEN NULL ELSE jsonb_build_array(
        extract(year FROM u)::int, extract(doy FROM u)::int, extract(hour FROM u)::int,
        extract(minute FROM u)::int, floor(extract(second FROM u))::int,
        (extract(microseconds FROM u)::bigint % 1000000) * 1000, 0, 0, 0) END
      FROM (SELECT t AT TIME ZONE 'UTC' AS u) x
$$;

-- Scopes the statement's transaction to the câmara and makes it read-only. `residente` is
-- false when the câmara does not live in this database (it moved); `escopo` carries the
-- identity's version, today in the câmara's zone and, when the caller's cached version is
-- not the current one, the identity itself (read in the same statement as its version).
CREATE FUNCTION app.leitura_abrir(p_tenant integer, p_versao bigint,
                                  OUT residente boolean, OUT hoje date, OUT escopo jsonb)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM set_config('app.tenant_id', p_tenant::text, true);
    PERFORM set_config('transaction_read_only', 'on', true);
    residente := EXISTS (SELECT 1 FROM plenario.resident r WHERE r.tenant_id = p_tenant);
    IF NOT residente THEN
        RETURN;
    END IF;
    SELECT (now() AT TIME ZONE c.fuso_horario)::date,
           jsonb_build_object(
               'versao', c.versao,
               'hoje', app.json_data((now() AT TIME ZONE c.fuso_horario)::date),
               'identidade', CASE WHEN c.versao IS DISTINCT FROM p_versao THEN jsonb_build_object(
                   'config', jsonb_build_object(
                       'id', c.id, 'nome', c.nome, 'municipio', c.municipio, 'uf', c.uf,
                       'endereco', c.endereco, 'cep', c.cep, 'cnpj', c.cnpj,
                       'telefones', to_jsonb(c.telefones), 'email', c.email,
                       'horario_atendimento', c.horario_atendimento, 'brasao_key', c.brasao_key,
                       'cor_primaria', c.cor_primaria, 'cor_secundaria', c.cor_secundaria,
                       'fuso_horario', c.fuso_horario, 'exigir_2fa', c.exigir_2fa),
                   'redes', (SELECT coalesce(jsonb_agg(jsonb_build_object('rede', r.rede, 'url', r.url)
                                                       ORDER BY r.ordem, r.rede), '[]'::jsonb)
                               FROM app.camara_rede_social r WHERE r.tenant_id = c.tenant_id)) END)
      INTO hoje, escopo
      FROM app.camara_config c WHERE c.tenant_id = p_tenant;
    escopo := coalesce(escopo, '{}'::jsonb);
END $$;

-- A legislatura as `store::composicao::Legislatura`.
CREATE FUNCTION app.json_legislatura(l app.legislatura) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN l.id IS NULL THEN NULL ELSE jsonb_build_object(
        'id', l.id, 'numero', l.numero, 'inicio', app.json_data(l.inicio), 'fim', app.json_data(l.fim)) END
$$;

-- The legislatura in force on `p_dia`, or else the latest one.
CREATE FUNCTION app.leitura_legislatura_atual(p_tenant integer, p_dia date) RETURNS app.legislatura
LANGUAGE sql STABLE AS $$
    SELECT l.* FROM app.legislatura l WHERE l.tenant_id = p_tenant
     ORDER BY (daterange(l.inicio, l.fim, '[]') @> p_dia) DESC, l.inicio DESC LIMIT 1
$$;

-- The parlamentares with a mandato in the legislatura, by slug, as
-- `store::composicao::ParlamentarPublico` (and, with p_dados, the open-data fields
-- `redes_sociais` and `uri` of `ParlamentarDados`).
CREATE FUNCTION app.leitura_parlamentares(p_tenant integer, p_legislatura uuid, p_dia date,
                                          p_sigla text, p_depois text, p_limite bigint,
                                          p_dados boolean) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.slug), '[]'::jsonb) FROM (
        SELECT y.*,
               CASE WHEN p_dados THEN coalesce((
                   SELECT string_agg(r.rede || ' ' || r.url, '; ' ORDER BY r.ordem, r.rede, r.url)
                     FROM app.parlamentar_rede r
                    WHERE r.tenant_id = p_tenant AND r.parlamentar_id = y.id), '') END AS redes_sociais,
               '/parlamentares/' || y.slug AS uri
          FROM (SELECT p.id, p.slug, p.nome_parlamentar, p.nome_civil,
                       (SELECT pa.sigla FROM app.filiacao f
                          JOIN app.partido pa ON pa.tenant_id = f.tenant_id AND pa.id = f.partido_id
                         WHERE f.tenant_id = p.tenant_id AND f.parlamentar_id = p.id
                           AND daterange(f.inicio, f.fim, '[)') @> p_dia LIMIT 1) AS partido,
                       (SELECT m.tipo FROM app.mandato m
                         WHERE m.tenant_id = p.tenant_id AND m.parlamentar_id = p.id
                           AND m.legislatura_id = p_legislatura
                         ORDER BY m.inicio DESC LIMIT 1) AS mandato,
                       p.email, p.telefone, p.biografia, p.gabinete_sala, p.gabinete_telefone,
                       CASE WHEN p.foto_key IS NULL THEN NULL
                            ELSE '/parlamentares/' || p.slug || '/foto.jpg?v='
                                 || regexp_replace(p.foto_key, '^.*/([^/.]+)[.][a-z]+$', '\1') END AS foto
                  FROM app.parlamentar p
                 WHERE p.tenant_id = p_tenant AND p.ativo
                   AND EXISTS (SELECT 1 FROM app.mandato m WHERE m.tenant_id = p.tenant_id
                                  AND m.parlamentar_id = p.id AND m.legislatura_id = p_legislatura)
                   AND (p_depois IS NULL OR p.slug > p_depois)) y
         WHERE (p_sigla IS NULL OR lower(y.partido) = lower(p_sigla))
         ORDER BY y.slug LIMIT p_limite) x
$$;

-- A partido as `store::composicao::Partido`.
CREATE FUNCTION app.json_partido(pa app.partido) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('id', pa.id, 'sigla', pa.sigla, 'nome', pa.nome, 'numero', pa.numero,
        'logo', CASE WHEN pa.logo_key IS NULL THEN NULL
                     ELSE '/partidos/' || pa.id || '/logo.png?v='
                          || regexp_replace(pa.logo_key, '^.*/([^/.]+)[.][a-z]+$', '\1') END)
$$;

-- Published notícias as `store::conteudo::noticias::NoticiaResumo`, newest first.
CREATE FUNCTION app.json_noticia_resumo(n app.noticia, fuso text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', n.id, 'slug', n.slug, 'titulo', n.titulo, 'resumo', n.resumo,
        'categoria', n.categoria, 'tem_capa', n.capa_key IS NOT NULL, 'capa_alt', n.capa_alt,
        'publicada_em', to_char(n.publicar_em AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'data', to_char(n.publicar_em AT TIME ZONE fuso, 'DD/MM/YYYY'))
$$;

-- ---------------------------------------------------------------- the pages

-- `/`: the current legislatura's vereadores, the next sessões, the latest notícias.
CREATE FUNCTION app.pagina_inicio(p_tenant integer, p_versao bigint, p jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    a record;
    leg app.legislatura;
BEGIN
    SELECT * INTO a FROM app.leitura_abrir(p_tenant, p_versao);
    IF NOT a.residente THEN
        RETURN NULL;
    END IF;
    leg := app.leitura_legislatura_atual(p_tenant, a.hoje);
    RETURN jsonb_build_object('escopo', a.escopo, 'dados', jsonb_build_object(
        'legislatura', app.json_legislatura(leg),
        'vereadores', CASE WHEN leg.id IS NULL THEN '[]'::jsonb
                           ELSE app.leitura_parlamentares(p_tenant, leg.id, a.hoje, NULL, NULL, 60, false) END,
        'sessoes', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'id', s.id, 'tipo_id', s.tipo_id, 'tipo', t.nome, 'numero', s.numero,
                'sessao_legislativa_id', s.sessao_legislativa_id,
                'sessao_legislativa_numero', sl.numero, 'legislatura_numero', l.numero,
                'inicio', app.json_instante(s.inicio), 'fim', app.json_instante(s.fim),
                'dia', app.json_data((s.inicio AT TIME ZONE c.fuso_horario)::date),
                'hora', to_char(s.inicio AT TIME ZONE c.fuso_horario, 'HH24:MI'),
                'hora_fim', to_char(s.fim AT TIME ZONE c.fuso_horario, 'HH24:MI'),
                'local', s.local, 'status', s.status, 'motivo_cancelamento', s.motivo_cancelamento,
                'observacoes', s.observacoes, 'versao', s.versao,
                'atualizada_em', app.json_instante(s.atualizada_em)) ORDER BY s.inicio, s.id), '[]'::jsonb)
              FROM (SELECT * FROM app.sessao_plenaria s
                     WHERE s.tenant_id = p_tenant AND s.status = 'agendada' AND s.inicio >= now()
                     ORDER BY s.inicio, s.id LIMIT 3) s
              JOIN app.tipo_sessao t ON t.tenant_id = s.tenant_id AND t.id = s.tipo_id
              JOIN app.sessao_legislativa sl ON sl.tenant_id = s.tenant_id AND sl.id = s.sessao_legislativa_id
              JOIN app.legislatura l ON l.tenant_id = sl.tenant_id AND l.id = sl.legislatura_id
              JOIN app.camara_config c ON c.tenant_id = s.tenant_id),
        'noticias', (SELECT coalesce(jsonb_agg(x.j ORDER BY x.publicar_em DESC, x.id DESC), '[]'::jsonb)
              FROM (SELECT app.json_noticia_resumo(n, c.fuso_horario) AS j, n.publicar_em, n.id
                      FROM app.noticia n JOIN app.camara_config c ON c.tenant_id = n.tenant_id
                     WHERE n.tenant_id = p_tenant AND n.status = 'publicada' AND n.publicar_em <= now()
                     ORDER BY n.publicar_em DESC, n.id DESC LIMIT 4) x)));
END $$;

-- `/parlamentares`: p = {pedida: bool, numero: int|null, partido: text|null}.
CREATE FUNCTION app.pagina_parlamentares(p_tenant integer, p_versao bigint, p jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    a record;
    leg app.legislatura;
BEGIN
    SELECT * INTO a FROM app.leitura_abrir(p_tenant, p_versao);
    IF NOT a.residente THEN
        RETURN NULL;
    END IF;
    IF NOT (p->>'pedida')::boolean THEN
        leg := app.leitura_legislatura_atual(p_tenant, a.hoje);
    ELSIF p->>'numero' IS NOT NULL THEN
        SELECT l.* INTO leg FROM app.legislatura l
         WHERE l.tenant_id = p_tenant AND l.numero = (p->>'numero')::int;
    END IF;
    RETURN jsonb_build_object('escopo', a.escopo, 'dados', jsonb_build_object(
        'legislatura', app.json_legislatura(leg),
        'lista', CASE WHEN leg.id IS NULL THEN '[]'::jsonb
                      ELSE app.leitura_parlamentares(p_tenant, leg.id, LEAST(a.hoje, leg.fim),
                                                     p->>'partido', NULL, 500, false) END,
        'legislaturas', (SELECT coalesce(jsonb_agg(x.j ORDER BY x.numero), '[]'::jsonb)
                           FROM (SELECT app.json_legislatura(l) AS j, l.numero FROM app.legislatura l
                                  WHERE l.tenant_id = p_tenant ORDER BY l.numero LIMIT 200) x),
        'partidos', (SELECT coalesce(jsonb_agg(x.j ORDER BY x.sigla), '[]'::jsonb)
                       FROM (SELECT app.json_partido(pa) AS j, pa.sigla FROM app.partido pa
                              WHERE pa.tenant_id = p_tenant ORDER BY pa.sigla LIMIT 200) x)));
END $$;

-- `/api/v1/parlamentares`: p = {numero: int|null, partido: text|null, depois: text|null, limite: int}.
CREATE FUNCTION app.pagina_api_parlamentares(p_tenant integer, p_versao bigint, p jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    a record;
    leg app.legislatura;
    pa app.partido;
BEGIN
    SELECT * INTO a FROM app.leitura_abrir(p_tenant, p_versao);
    IF NOT a.residente THEN
        RETURN NULL;
    END IF;
    IF p->>'numero' IS NULL THEN
        leg := app.leitura_legislatura_atual(p_tenant, a.hoje);
    ELSE
        SELECT l.* INTO leg FROM app.legislatura l
         WHERE l.tenant_id = p_tenant AND l.numero = (p->>'numero')::int;
    END IF;
    IF p->>'partido' IS NOT NULL THEN
        SELECT x.* INTO pa FROM app.partido x
         WHERE x.tenant_id = p_tenant AND lower(x.sigla) = lower(p->>'partido');
    END IF;
    RETURN jsonb_build_object('escopo', a.escopo, 'dados', jsonb_build_object(
        'legislatura', app.json_legislatura(leg),
        'partido', pa.sigla,
        'dados', CASE WHEN leg.id IS NULL OR (p->>'partido' IS NOT NULL AND pa.id IS NULL) THEN '[]'::jsonb
                      ELSE app.leitura_parlamentares(p_tenant, leg.id, LEAST(a.hoje, leg.fim), pa.sigla,
                                                     p->>'depois', (p->>'limite')::bigint, true) END));
END $$;

-- `/noticias`: p = {busca: text|null, categoria: text|null, limite: int, offset: int}.
CREATE FUNCTION app.pagina_noticias(p_tenant integer, p_versao bigint, p jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    a record;
    busca text := p->>'busca';
    consulta tsquery;
BEGIN
    SELECT * INTO a FROM app.leitura_abrir(p_tenant, p_versao);
    IF NOT a.residente THEN
        RETURN NULL;
    END IF;
    IF busca IS NOT NULL THEN
        consulta := websearch_to_tsquery('app.portugues'::regconfig, busca);
    END IF;
    RETURN jsonb_build_object('escopo', a.escopo, 'dados', jsonb_build_object(
        'total', (SELECT count(*) FROM app.noticia n
                   WHERE n.tenant_id = p_tenant AND n.status = 'publicada' AND n.publicar_em <= now()
                     AND (busca IS NULL OR to_tsvector('app.portugues'::regconfig,
                          n.titulo || ' ' || n.resumo || ' ' || n.corpo) @@ consulta)
                     AND (p->>'categoria' IS NULL OR n.categoria = p->>'categoria')),
        'noticias', (SELECT coalesce(jsonb_agg(x.j ORDER BY x.ordem), '[]'::jsonb) FROM (
            SELECT app.json_noticia_resumo(n, c.fuso_horario) AS j,
                   row_number() OVER (ORDER BY CASE WHEN busca IS NULL THEN 0
                                ELSE ts_rank(to_tsvector('app.portugues'::regconfig,
                                     n.titulo || ' ' || n.resumo || ' ' || n.corpo), consulta) END DESC,
                            n.publicar_em DESC, n.id DESC) AS ordem
              FROM app.noticia n JOIN app.camara_config c ON c.tenant_id = n.tenant_id
             WHERE n.tenant_id = p_tenant AND n.status = 'publicada' AND n.publicar_em <= now()
               AND (busca IS NULL OR to_tsvector('app.portugues'::regconfig,
                    n.titulo || ' ' || n.resumo || ' ' || n.corpo) @@ consulta)
               AND (p->>'categoria' IS NULL OR n.categoria = p->>'categoria')
             ORDER BY ordem
             LIMIT (p->>'limite')::bigint OFFSET (p->>'offset')::bigint) x)));
END $$;

-- `/parlamentares/{slug}`: p = {slug: text}. `parlamentar` is null when no such slug.
CREATE FUNCTION app.pagina_parlamentar(p_tenant integer, p_versao bigint, p jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    a record;
    leg app.legislatura;
    id_ uuid;
    slug_ text;
BEGIN
    SELECT * INTO a FROM app.leitura_abrir(p_tenant, p_versao);
    IF NOT a.residente THEN
        RETURN NULL;
    END IF;
    leg := app.leitura_legislatura_atual(p_tenant, a.hoje);
    SELECT x.id, x.slug INTO id_, slug_ FROM app.parlamentar x
     WHERE x.tenant_id = p_tenant AND x.slug = p->>'slug';
    IF id_ IS NULL THEN
        RETURN jsonb_build_object('escopo', a.escopo, 'dados', jsonb_build_object('parlamentar', NULL));
    END IF;
    RETURN jsonb_build_object('escopo', a.escopo, 'dados', jsonb_build_object(
        'parlamentar', (SELECT to_jsonb(y) FROM (
            SELECT x.id, x.slug, x.nome_parlamentar, x.nome_civil,
                   (SELECT pa.sigla FROM app.filiacao f
                      JOIN app.partido pa ON pa.tenant_id = f.tenant_id AND pa.id = f.partido_id
                     WHERE f.tenant_id = x.tenant_id AND f.parlamentar_id = x.id
                       AND daterange(f.inicio, f.fim, '[)') @> a.hoje LIMIT 1) AS partido,
                   (SELECT m.tipo FROM app.mandato m
                     WHERE m.tenant_id = x.tenant_id AND m.parlamentar_id = x.id AND m.legislatura_id = leg.id
                     ORDER BY m.inicio DESC LIMIT 1) AS mandato,
                   x.email, x.telefone, x.biografia, x.gabinete_sala, x.gabinete_telefone,
                   CASE WHEN x.foto_key IS NULL THEN NULL
                        ELSE '/parlamentares/' || x.slug || '/foto.jpg?v='
                             || regexp_replace(x.foto_key, '^.*/([^/.]+)[.][a-z]+$', '\1') END AS foto
              FROM app.parlamentar x WHERE x.tenant_id = p_tenant AND x.id = id_) y),
        'mandatos', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'id', m.id, 'parlamentar_id', m.parlamentar_id, 'legislatura_id', m.legislatura_id,
                'legislatura_numero', l.numero, 'tipo', m.tipo, 'votos', m.votos,
                'inicio', app.json_data(m.inicio), 'fim', app.json_data(m.fim),
                'afastamentos', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                        'id', af.id, 'mandato_id', af.mandato_id, 'tipo', af.tipo,
                        'inicio', app.json_data(af.inicio), 'fim', app.json_data(af.fim),
                        'suplente_id', af.suplente_id, 'suplente_nome', s.nome_parlamentar,
                        'suplente_slug', s.slug, 'observacao', af.observacao) ORDER BY af.inicio), '[]'::jsonb)
                      FROM app.afastamento af
                      LEFT JOIN app.parlamentar s ON s.tenant_id = af.tenant_id AND s.id = af.suplente_id
                     WHERE af.tenant_id = m.tenant_id AND af.mandato_id = m.id))
                ORDER BY m.inicio DESC), '[]'::jsonb)
              FROM app.mandato m JOIN app.legislatura l ON l.tenant_id = m.tenant_id AND l.id = m.legislatura_id
             WHERE m.tenant_id = p_tenant AND m.parlamentar_id = id_),
        'filiacoes', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'id', f.id, 'parlamentar_id', f.parlamentar_id, 'partido_id', f.partido_id,
                'sigla', pa.sigla, 'partido_nome', pa.nome,
                'inicio', app.json_data(f.inicio), 'fim', app.json_data(f.fim)) ORDER BY f.inicio DESC), '[]'::jsonb)
              FROM app.filiacao f JOIN app.partido pa ON pa.tenant_id = f.tenant_id AND pa.id = f.partido_id
             WHERE f.tenant_id = p_tenant AND f.parlamentar_id = id_),
        'redes', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'rede', r.rede, 'url', r.url)
                                            ORDER BY r.ordem, r.rede, r.url), '[]'::jsonb)
              FROM app.parlamentar_rede r WHERE r.tenant_id = p_tenant AND r.parlamentar_id = id_),
        'comissoes', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'comissao_id', c.id, 'sigla', c.sigla, 'nome', c.nome, 'tipo', c.tipo, 'cargo', m.cargo,
                'titular', m.titular, 'designacao', app.json_data(m.designacao),
                'desligamento', app.json_data(m.desligamento),
                'atual', (m.desligamento IS NULL OR m.desligamento >= a.hoje))
                ORDER BY (m.desligamento IS NULL OR m.desligamento >= a.hoje) DESC, m.designacao DESC, c.nome), '[]'::jsonb)
              FROM app.membro_comissao m JOIN app.comissao c ON c.tenant_id = m.tenant_id AND c.id = m.comissao_id
             WHERE m.tenant_id = p_tenant AND m.parlamentar_id = id_),
        'cargos_mesa', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'id', m.id, 'periodo_id', m.periodo_id, 'parlamentar_id', m.parlamentar_id,
                'nome_parlamentar', x.nome_parlamentar, 'slug', x.slug,
                'partido', (SELECT pa.sigla FROM app.filiacao f
                              JOIN app.partido pa ON pa.tenant_id = f.tenant_id AND pa.id = f.partido_id
                             WHERE f.tenant_id = m.tenant_id AND f.parlamentar_id = m.parlamentar_id
                               AND daterange(f.inicio, f.fim, '[)') @> LEAST(m.fim, a.hoje) LIMIT 1),
                'cargo_id', m.cargo_id, 'cargo', c.nome, 'ordem', c.ordem,
                'inicio', app.json_data(m.inicio), 'fim', app.json_data(m.fim), 'observacao', m.observacao)
                ORDER BY m.inicio DESC), '[]'::jsonb)
              FROM app.membro_mesa m
              JOIN app.parlamentar x ON x.tenant_id = m.tenant_id AND x.id = m.parlamentar_id
              JOIN app.cargo_mesa c ON c.tenant_id = m.tenant_id AND c.id = m.cargo_id
             WHERE m.tenant_id = p_tenant AND m.parlamentar_id = id_)));
END $$;
