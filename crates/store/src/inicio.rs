//! The admin home page's cards (`web::areas::camara::cartoes`): what a user has to do
//! today. One query per card: a count (and one highlighted count) with the first pending
//! items, so the page costs one round trip per card it shows and never one per item.

use sqlx::FromRow;
use uuid::Uuid;

use crate::tramitacao::consultas::{ABERTA, IDENT};
use crate::{Result, TenantTx};

/// How many pending items a card lists.
pub const PRIMEIROS: i64 = 5;

/// One pending item: what its link names (`id`, and `outro_id` when the link needs a second
/// id), its text and a detail line; `alerta` marks it (overdue, running).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pendente {
    pub id: Uuid,
    pub outro_id: Option<Uuid>,
    pub texto: String,
    pub detalhe: String,
    pub alerta: bool,
}

/// A card's numbers and its first items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contagem {
    pub total: i64,
    /// The count the card stresses (today's, overdue, locked…).
    pub destaque: i64,
    pub itens: Vec<Pendente>,
}

/// The row every card's query returns: the counts repeated on every item row (a
/// `LEFT JOIN LATERAL` of the items on the one row of counts, so no item still gives a row).
#[derive(Debug, FromRow)]
struct Linha {
    total: i64,
    destaque: i64,
    id: Option<Uuid>,
    outro_id: Option<Uuid>,
    texto: Option<String>,
    detalhe: Option<String>,
    alerta: Option<bool>,
}

fn juntar(linhas: Vec<Linha>) -> Contagem {
    let mut c = Contagem::default();
    for l in linhas {
        c.total = l.total;
        c.destaque = l.destaque;
        if let Some(id) = l.id {
            c.itens.push(Pendente {
                id,
                outro_id: l.outro_id,
                texto: l.texto.unwrap_or_default(),
                detalhe: l.detalhe.unwrap_or_default(),
                alerta: l.alerta.unwrap_or(false),
            });
        }
    }
    c
}

async fn contar(tx: &mut TenantTx, sql: String, usuario_id: Option<Uuid>) -> Result<Contagem> {
    let tenant = tx.tenant_id();
    let linhas: Vec<Linha> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(tenant)
        .bind(PRIMEIROS)
        .bind(usuario_id)
        .fetch_all(tx.conn())
        .await?;
    Ok(juntar(linhas))
}

/// "dd/mm/aaaa hh:mm" of timestamp expression `x` in the câmara's time zone (`cc` is
/// `app.camara_config`).
fn local(x: &str) -> String {
    format!("to_char({x} AT TIME ZONE cc.fuso_horario, 'DD/MM/YYYY HH24:MI')")
}

/// Protocolos of the last 30 days, not annulled, that no proposição came from yet (total;
/// destaque: received today), newest first.
pub async fn protocolos(tx: &mut TenantTx) -> Result<Contagem> {
    let onde = "FROM app.protocolo p JOIN app.camara_config cc ON cc.tenant_id = p.tenant_id
         WHERE p.tenant_id = $1 AND p.anulado_em IS NULL
           AND p.recebido_em > now() - interval '30 days'
           AND NOT EXISTS (SELECT 1 FROM app.proposicao x
                            WHERE x.tenant_id = p.tenant_id AND x.protocolo_id = p.id)";
    let quando = local("p.recebido_em");
    contar(
        tx,
        format!(
            "SELECT c.total, c.destaque, i.id, NULL::uuid AS outro_id, i.texto, i.detalhe, i.alerta
               FROM (SELECT count(*) AS total,
                            count(*) FILTER (WHERE (p.recebido_em AT TIME ZONE cc.fuso_horario)::date
                                             = (now() AT TIME ZONE cc.fuso_horario)::date) AS destaque
                       {onde}) c
               LEFT JOIN LATERAL (
                 SELECT p.id, 'Nº ' || p.numero || '/' || p.ano || ' — ' || p.tipo_documento AS texto,
                        p.interessado_nome || ' · ' || {quando} AS detalhe, false AS alerta
                   {onde} AND $3::uuid IS NULL
                  ORDER BY p.recebido_em DESC, p.id LIMIT $2) i ON true"
        ),
        None,
    )
    .await
}

/// Proposições eletrônicas sent and waiting in the protocolo's inbox (destaque: sent more
/// than two days ago), oldest first.
pub async fn eletronicas(tx: &mut TenantTx) -> Result<Contagem> {
    let onde = "FROM app.proposicao_rascunho r
          JOIN app.camara_config cc ON cc.tenant_id = r.tenant_id
          JOIN app.tipo_proposicao tp ON tp.tenant_id = r.tenant_id AND tp.id = r.tipo_id
          JOIN app.parlamentar pa ON pa.tenant_id = r.tenant_id AND pa.id = r.parlamentar_id
         WHERE r.tenant_id = $1 AND r.situacao = 'enviada'";
    let quando = local("r.enviada_em");
    contar(
        tx,
        format!(
            "SELECT c.total, c.destaque, i.id, NULL::uuid AS outro_id, i.texto, i.detalhe, i.alerta
               FROM (SELECT count(*) AS total,
                            count(*) FILTER (WHERE r.enviada_em < now() - interval '2 days') AS destaque
                       {onde}) c
               LEFT JOIN LATERAL (
                 SELECT r.id, tp.sigla || ' — ' || left(r.ementa, 140) AS texto,
                        pa.nome_parlamentar || ' · enviada em ' || {quando} AS detalhe,
                        r.enviada_em < now() - interval '2 days' AS alerta
                   {onde} AND $3::uuid IS NULL
                  ORDER BY r.enviada_em, r.id LIMIT $2) i ON true"
        ),
        None,
    )
    .await
}

/// Tramitações arrived at the unidades `usuario_id` works in and not yet received
/// (destaque: arrived more than two days ago), oldest first. `id` is the proposição.
pub async fn a_receber(tx: &mut TenantTx, usuario_id: Uuid) -> Result<Contagem> {
    let onde = format!(
        "FROM app.tramitacao t
           JOIN app.proposicao p ON p.tenant_id = t.tenant_id AND p.id = t.proposicao_id
           JOIN app.tipo_proposicao tp ON tp.tenant_id = p.tenant_id AND tp.id = p.tipo_id
           JOIN app.unidade d ON d.tenant_id = t.tenant_id AND d.id = t.destino_id
           JOIN app.camara_config cc ON cc.tenant_id = t.tenant_id
          WHERE t.tenant_id = $1 AND {ABERTA}
            AND t.destino_id IN (SELECT x.unidade_id FROM app.unidade_usuario x
                                  WHERE x.tenant_id = $1 AND x.usuario_id = $3)
            AND NOT EXISTS (SELECT 1 FROM app.tramitacao_recebimento r
                             WHERE r.tenant_id = t.tenant_id AND r.tramitacao_id = t.id)"
    );
    let quando = local("t.em");
    contar(
        tx,
        format!(
            "SELECT c.total, c.destaque, i.id, i.outro_id, i.texto, i.detalhe, i.alerta
               FROM (SELECT count(*) AS total,
                            count(*) FILTER (WHERE t.em < now() - interval '2 days') AS destaque
                       {onde}) c
               LEFT JOIN LATERAL (
                 SELECT t.proposicao_id AS id, t.id AS outro_id,
                        {IDENT} || ' — ' || left(p.ementa, 140) AS texto,
                        d.nome || ' · chegou em ' || {quando} AS detalhe,
                        t.em < now() - interval '2 days' AS alerta
                   {onde}
                  ORDER BY t.em, t.id LIMIT $2) i ON true"
        ),
        Some(usuario_id),
    )
    .await
}

/// Open relatorias with no parecer yet (neither waiting for its vote nor approved), whose
/// prazo ends within `dias` calendar days (destaque: past it), soonest first. `id` is the
/// distribuição.
pub async fn pareceres(tx: &mut TenantTx, dias: i32) -> Result<Contagem> {
    let onde = "FROM app.relatoria r
          JOIN app.distribuicao d ON d.tenant_id = r.tenant_id AND d.id = r.distribuicao_id
          JOIN app.comissao co ON co.tenant_id = d.tenant_id AND co.id = d.comissao_id
          JOIN app.proposicao p ON p.tenant_id = d.tenant_id AND p.id = d.proposicao_id
          JOIN app.tipo_proposicao tp ON tp.tenant_id = p.tenant_id AND tp.id = p.tipo_id
          JOIN app.camara_config cc ON cc.tenant_id = r.tenant_id
         WHERE r.tenant_id = $1 AND r.encerrada_em IS NULL
           AND p.situacao NOT IN ('rejeitada', 'arquivada', 'retirada')
           AND NOT EXISTS (SELECT 1 FROM app.parecer x
                            WHERE x.tenant_id = r.tenant_id AND x.distribuicao_id = r.distribuicao_id
                              AND (x.resultado IS NULL OR x.resultado = 'aprovado'))
           AND r.prazo <= (now() AT TIME ZONE cc.fuso_horario)::date + $4::int";
    let hoje = "(now() AT TIME ZONE cc.fuso_horario)::date";
    let tenant = tx.tenant_id();
    let linhas: Vec<Linha> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.total, c.destaque, i.id, NULL::uuid AS outro_id, i.texto, i.detalhe, i.alerta
           FROM (SELECT count(*) AS total, count(*) FILTER (WHERE r.prazo < {hoje}) AS destaque
                   {onde}) c
           LEFT JOIN LATERAL (
             SELECT d.id, {IDENT} || ' — ' || co.nome AS texto,
                    'prazo do relator: ' || to_char(r.prazo, 'DD/MM/YYYY') AS detalhe,
                    r.prazo < {hoje} AS alerta
               {onde} AND $3::uuid IS NULL
              ORDER BY r.prazo, d.id LIMIT $2) i ON true"
    )))
    .bind(tenant)
    .bind(PRIMEIROS)
    .bind(None::<Uuid>)
    .bind(dias)
    .fetch_all(tx.conn())
    .await?;
    Ok(juntar(linhas))
}

/// The sessão running (aberta or suspensa; destaque: how many) and the next scheduled ones,
/// the running first, then the soonest.
pub async fn sessoes(tx: &mut TenantTx) -> Result<Contagem> {
    let onde = "FROM app.sessao_plenaria s
          JOIN app.tipo_sessao ts ON ts.tenant_id = s.tenant_id AND ts.id = s.tipo_id
          JOIN app.camara_config cc ON cc.tenant_id = s.tenant_id
         WHERE s.tenant_id = $1
           AND (s.status IN ('aberta', 'suspensa') OR (s.status = 'agendada' AND s.inicio >= now()))";
    let quando = local("s.inicio");
    contar(
        tx,
        format!(
            "SELECT c.total, c.destaque, i.id, NULL::uuid AS outro_id, i.texto, i.detalhe, i.alerta
               FROM (SELECT count(*) AS total,
                            count(*) FILTER (WHERE s.status IN ('aberta', 'suspensa')) AS destaque
                       {onde}) c
               LEFT JOIN LATERAL (
                 SELECT s.id, s.numero || 'ª Sessão ' || ts.nome AS texto,
                        {quando} || CASE s.status WHEN 'aberta' THEN ' · em andamento'
                                                  WHEN 'suspensa' THEN ' · suspensa'
                                                  ELSE '' END
                          || CASE WHEN s.local <> '' THEN ' · ' || s.local ELSE '' END AS detalhe,
                        s.status IN ('aberta', 'suspensa') AS alerta
                   {onde} AND $3::uuid IS NULL
                  ORDER BY s.status = 'agendada', s.inicio, s.id LIMIT $2) i ON true"
        ),
        None,
    )
    .await
}

/// Notícias not visible yet: drafts and scheduled ones (total; destaque: scheduled), the
/// scheduled first by date, then the drafts last changed first.
pub async fn noticias(tx: &mut TenantTx) -> Result<Contagem> {
    let onde = "FROM app.noticia n JOIN app.camara_config cc ON cc.tenant_id = n.tenant_id
         WHERE n.tenant_id = $1
           AND (n.status = 'rascunho' OR (n.status = 'publicada' AND n.publicar_em > now()))";
    let quando = local("n.publicar_em");
    let mudou = local("n.atualizado_em");
    contar(
        tx,
        format!(
            "SELECT c.total, c.destaque, i.id, NULL::uuid AS outro_id, i.texto, i.detalhe, i.alerta
               FROM (SELECT count(*) AS total,
                            count(*) FILTER (WHERE n.status = 'publicada') AS destaque
                       {onde}) c
               LEFT JOIN LATERAL (
                 SELECT n.id, n.titulo AS texto,
                        CASE WHEN n.status = 'publicada' THEN 'agendada para ' || {quando}
                             ELSE 'rascunho · alterado em ' || {mudou} END AS detalhe,
                        false AS alerta
                   {onde} AND $3::uuid IS NULL
                  ORDER BY n.status = 'rascunho', n.publicar_em, n.atualizado_em DESC, n.id
                  LIMIT $2) i ON true"
        ),
        None,
    )
    .await
}

/// The câmara's accounts: (active, deactivated, with a one-time password not yet replaced,
/// being held back by failed logins in the last hour).
#[derive(Debug, Clone, Default, PartialEq, Eq, FromRow)]
pub struct Contas {
    pub ativas: i64,
    pub desativadas: i64,
    pub senha_provisoria: i64,
    pub retidas: i64,
}

/// Accounts whose e-mail failed to log in more than this many times in the last hour
/// (the free attempts, `domain::auth::Atrasos`) are being held back.
pub const FALHAS_LIVRES: i64 = 3;

/// The accounts' counts, in one query.
pub async fn contas(tx: &mut TenantTx) -> Result<Contas> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT count(*) FILTER (WHERE u.ativo) AS ativas,
                count(*) FILTER (WHERE NOT u.ativo) AS desativadas,
                count(*) FILTER (WHERE u.ativo AND u.trocar_senha) AS senha_provisoria,
                count(*) FILTER (WHERE u.ativo AND (
                    SELECT count(*) FROM app.login_falha f
                     WHERE f.tenant_id = u.tenant_id AND f.email = u.email
                       AND f.em > now() - interval '1 hour') > $2) AS retidas
           FROM app.usuario u WHERE u.tenant_id = $1",
    )
    .bind(tenant)
    .bind(FALHAS_LIVRES)
    .fetch_one(tx.conn())
    .await?)
}

/// Security events of the last 7 days from the câmara's audit log (failed logins,
/// passwords and two-factor resets, accounts deactivated, reactivated or changed; routine
/// logins and logouts left out): total, destaque the failed logins of the last 24 hours,
/// newest first. `texto` is the action's code, `detalhe` "the account's e-mail (else the
/// author's) · dd/mm/aaaa hh:mm".
pub async fn seguranca(tx: &mut TenantTx) -> Result<Contagem> {
    let onde = "FROM app.auditoria a JOIN app.camara_config cc ON cc.tenant_id = a.tenant_id
          LEFT JOIN app.usuario u ON u.tenant_id = a.tenant_id AND u.id::text = a.entidade_id
         WHERE a.tenant_id = $1 AND a.entidade IN ('sessao', 'usuario', 'segundo_fator')
           AND a.acao NOT IN ('login', 'logout') AND a.em > now() - interval '7 days'";
    let quando = local("a.em");
    contar(
        tx,
        format!(
            "SELECT c.total, c.destaque, i.id, NULL::uuid AS outro_id, i.texto, i.detalhe, i.alerta
               FROM (SELECT count(*) AS total,
                            count(*) FILTER (WHERE a.acao = 'login_falhou'
                                             AND a.em > now() - interval '24 hours') AS destaque
                       {onde}) c
               LEFT JOIN LATERAL (
                 SELECT a.id, a.entidade || '.' || a.acao AS texto,
                        coalesce(u.email, a.usuario_email, '') || ' · ' || {quando} AS detalhe,
                        a.acao = 'login_falhou' AS alerta
                   {onde} AND $3::uuid IS NULL
                  ORDER BY a.em DESC, a.id LIMIT $2) i ON true"
        ),
        None,
    )
    .await
}
