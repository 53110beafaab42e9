-- bench/proposicoes.sh's data: proposições, autores and events generated in bulk for every
-- câmara of the benchmark cluster, run by the superuser (row level security and the
-- event trigger are bypassed on purpose: `session_replication_role = replica` skips the
-- triggers, so the derived situação is written here, from the last generated event, as
-- the trigger would). Variables: big (the big câmara's slug), n_big (its proposições),
-- ev_big (events per proposição of the big one), n_small (proposições per small câmara).
-- The ementas are drawn from a word list of municipal subjects, so the text search has
-- realistic selectivity: a subject word matches a few percent of the rows, a pair of them
-- a fraction of a percent.

\set ON_ERROR_STOP on
SET session_replication_role = replica;
SELECT setseed(0.42);

CREATE TEMP TABLE acao (i int, w text);
INSERT INTO acao SELECT row_number() OVER (), w FROM unnest(ARRAY[
  'Institui', 'Dispõe sobre', 'Altera a lei que trata de', 'Cria', 'Autoriza o Poder Executivo a implantar',
  'Denomina', 'Regulamenta', 'Proíbe', 'Estabelece normas para', 'Declara de utilidade pública',
  'Concede título de cidadão honorário a', 'Requer informações sobre', 'Indica ao Prefeito a reforma de',
  'Indica a construção de', 'Requer providências quanto a', 'Moção de aplauso pelo trabalho de',
  'Revoga dispositivos sobre', 'Fixa diretrizes para', 'Torna obrigatória', 'Inclui no calendário oficial'
]) w;
CREATE TEMP TABLE objeto (i int, w text);
INSERT INTO objeto SELECT row_number() OVER (), w FROM unnest(ARRAY[
  'a iluminação pública', 'as licitações municipais', 'o transporte coletivo', 'a coleta seletiva de lixo',
  'as creches municipais', 'a merenda escolar', 'o programa de saúde da família', 'as feiras livres',
  'a arborização urbana', 'os servidores públicos municipais', 'a pavimentação de vias', 'o saneamento básico',
  'as calçadas', 'a proteção animal', 'o conselho municipal de cultura', 'a guarda municipal',
  'as praças e parques', 'o abastecimento de água', 'a acessibilidade das pessoas com deficiência',
  'os cemitérios municipais', 'o plano diretor', 'a segurança escolar', 'os táxis e aplicativos de transporte',
  'as unidades básicas de saúde', 'a defesa civil', 'o turismo rural', 'as bibliotecas públicas',
  'o esporte amador', 'a habitação popular', 'a regularização fundiária', 'as ciclovias', 'o comércio ambulante',
  'a poluição sonora', 'as escolas em tempo integral', 'os idosos', 'a juventude', 'as mulheres vítimas de violência',
  'a agricultura familiar', 'a limpeza de terrenos baldios', 'o estacionamento rotativo'
]) w;
CREATE TEMP TABLE lugar (i int, w text);
INSERT INTO lugar SELECT row_number() OVER (), w FROM unnest(ARRAY[
  'no bairro Centro', 'no bairro Boa Vista', 'na Vila Nova', 'no Jardim América', 'no bairro São José',
  'no distrito de Santa Luzia', 'na zona rural', 'no bairro Alto da Sé', 'no Parque das Flores',
  'no bairro Industrial', 'na Vila Operária', 'no bairro Santo Antônio', 'em todo o município',
  'no Conjunto Habitacional Esperança', 'no bairro dos Pescadores'
]) w;
CREATE TEMP TABLE assunto (i int, w text);
INSERT INTO assunto SELECT row_number() OVER (), w FROM unnest(ARRAY[
  'Saúde', 'Educação', 'Transporte', 'Meio ambiente', 'Cultura', 'Esporte', 'Assistência social',
  'Obras', 'Segurança', 'Administração', 'Finanças', 'Urbanismo', 'Turismo', 'Agricultura', 'Direitos humanos'
]) w;
CREATE TEMP TABLE andamento (i int, tipo text, situacao text, w text);
INSERT INTO andamento VALUES
  (1, 'tramitada', 'em_tramitacao', 'Encaminhada à Procuradoria Jurídica para parecer'),
  (2, 'distribuida', 'em_comissao', 'Distribuída à Comissão de Constituição e Justiça'),
  (3, 'parecer', 'em_comissao', 'Parecer favorável do relator aprovado pela comissão'),
  (4, 'pronta_para_pauta', 'pronta_para_pauta', 'Incluída na ordem do dia'),
  (5, 'votada', 'aprovada', 'Aprovada em votação única'),
  (6, 'tramitada', 'aprovada', 'Enviada ao Poder Executivo para sanção'),
  (7, 'arquivada', 'arquivada', 'Arquivada ao fim da legislatura'),
  (8, 'votada', 'rejeitada', 'Rejeitada em plenário');

-- How many proposições each câmara gets.
CREATE TEMP TABLE alvo AS
SELECT r.tenant_id, CASE WHEN r.slug = :'big' THEN :n_big ELSE :n_small END AS n,
       CASE WHEN r.slug = :'big' THEN :ev_big ELSE 3 END AS ev
  FROM plenario.resident r;

CREATE TEMP TABLE nova AS
SELECT a.tenant_id, gen_random_uuid() AS id, g AS seq, a.ev,
       (SELECT t.id FROM app.tipo_proposicao t WHERE t.tenant_id = a.tenant_id
          AND t.sigla = (ARRAY['PL','PL','PL','REQ','REQ','IND','IND','IND','MOC','PR','PDL','PLC'])[1 + (g * 7 + a.tenant_id) % 12]) AS tipo_id,
       date '2015-01-01' + ((g::bigint * 2654435761 + a.tenant_id) % 4300)::int AS apresentada_em,
       1 + floor(random() * 20)::int AS ac, 1 + floor(random() * 40)::int AS ob,
       1 + floor(random() * 40)::int AS ob2, 1 + floor(random() * 15)::int AS lu,
       1 + floor(random() * 15)::int AS as1, 1 + floor(random() * 15)::int AS as2
  FROM alvo a, generate_series(1, a.n) g;

INSERT INTO app.proposicao (tenant_id, id, tipo_id, numero, ano, escopo, ementa, texto,
                            justificativa, regime, apresentada_em, indexacao, assuntos, criado_em)
SELECT n.tenant_id, n.id, n.tipo_id,
       row_number() OVER (PARTITION BY n.tenant_id, n.tipo_id, extract(year FROM n.apresentada_em)
                          ORDER BY n.apresentada_em, n.seq),
       extract(year FROM n.apresentada_em)::int,
       n.tipo_id || ':bench:' || extract(year FROM n.apresentada_em),
       ac.w || ' ' || ob.w || ' ' || lu.w || ' e dá outras providências.',
       'Art. 1º ' || ac.w || ' ' || ob.w || ' ' || lu.w || ', observado o disposto nesta lei. '
         || E'\n\nArt. 2º O Poder Executivo regulamentará ' || ob2.w || ' no que couber.'
         || E'\n\nArt. 3º As despesas correrão por conta das dotações orçamentárias próprias.'
         || E'\n\nArt. 4º Esta lei entra em vigor na data de sua publicação.',
       'A proposta atende a demanda da população quanto a ' || ob.w || ' e ' || ob2.w || '.',
       'ordinario', n.apresentada_em, ob2.w,
       ARRAY(SELECT DISTINCT x FROM unnest(ARRAY[s1.w, s2.w]) x), n.apresentada_em
  FROM nova n
  JOIN acao ac ON ac.i = n.ac JOIN objeto ob ON ob.i = n.ob JOIN objeto ob2 ON ob2.i = n.ob2
  JOIN lugar lu ON lu.i = n.lu JOIN assunto s1 ON s1.i = n.as1 JOIN assunto s2 ON s2.i = n.as2;

-- Autores: a parlamentar of the câmara first, a coautor on one in three.
CREATE TEMP TABLE parl AS
SELECT tenant_id, id, row_number() OVER (PARTITION BY tenant_id ORDER BY id) AS k,
       count(*) OVER (PARTITION BY tenant_id) AS total
  FROM app.parlamentar;
INSERT INTO app.proposicao_autor (tenant_id, id, proposicao_id, tipo, parlamentar_id, primeiro, ordem, subscrito_em, apresentada_em)
SELECT n.tenant_id, gen_random_uuid(), n.id, 'parlamentar', p.id, true, 0, n.apresentada_em, n.apresentada_em
  FROM nova n JOIN parl p ON p.tenant_id = n.tenant_id AND p.k = 1 + (n.seq % p.total);
INSERT INTO app.proposicao_autor (tenant_id, id, proposicao_id, tipo, parlamentar_id, primeiro, ordem, subscrito_em, apresentada_em)
SELECT n.tenant_id, gen_random_uuid(), n.id, 'parlamentar', p.id, false, 1, n.apresentada_em, n.apresentada_em
  FROM nova n JOIN parl p ON p.tenant_id = n.tenant_id AND p.k = 1 + ((n.seq * 7 + 3) % p.total)
 WHERE n.seq % 3 = 0 AND (n.seq * 7 + 3) % p.total <> n.seq % p.total;

-- Events: the protocolo, then ev - 1 andamentos a few days apart.
CREATE TEMP TABLE unid AS
SELECT tenant_id, id, row_number() OVER (PARTITION BY tenant_id ORDER BY nome) AS k,
       count(*) OVER (PARTITION BY tenant_id) AS total
  FROM app.unidade;
INSERT INTO app.proposicao_evento (tenant_id, id, proposicao_id, tipo, situacao, unidade_id, descricao, ocorrido_em)
SELECT n.tenant_id, gen_random_uuid(), n.id,
       CASE WHEN e = 1 THEN 'protocolada' ELSE an.tipo END,
       CASE WHEN e = 1 THEN 'protocolada' ELSE an.situacao END,
       CASE WHEN e = 1 THEN NULL ELSE u.id END,
       CASE WHEN e = 1 THEN 'Apresentada e protocolada.' ELSE an.w END,
       ((n.apresentada_em + (e - 1) * 9)::timestamp + interval '13 hours') AT TIME ZONE 'America/Sao_Paulo'
  FROM nova n
 CROSS JOIN LATERAL generate_series(1, n.ev) e
  JOIN andamento an ON an.i = 1 + (e + n.seq) % 8
  LEFT JOIN unid u ON u.tenant_id = n.tenant_id AND u.k = 1 + (n.seq + e) % u.total;

UPDATE app.proposicao p
   SET situacao = u.situacao, situacao_desde = u.ocorrido_em, ultimo_evento_id = u.id
  FROM (SELECT DISTINCT ON (tenant_id, proposicao_id) tenant_id, proposicao_id, id, situacao, ocorrido_em
          FROM app.proposicao_evento ORDER BY tenant_id, proposicao_id, ocorrido_em DESC, id DESC) u
 WHERE p.tenant_id = u.tenant_id AND p.id = u.proposicao_id;

SET session_replication_role = origin;
