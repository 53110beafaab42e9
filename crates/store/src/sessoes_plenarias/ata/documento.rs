//! The ata as a stored document of its sessão (table `app.ata`, versions in
//! `app.ata_versao`): created from the generated draft, regenerable and edited while a
//! rascunho (every saved text a version, audited), put on a LATER sessão's pauta for
//! approval (a free item linked to it), approved by that item's result (a votação aprovada,
//! including a symbolic one the Mesa declared; a rejection sends it back to rascunho), then
//! published. An approved ata changes only by a retificação: a new version with its motivo.
//! The moves are `domain::sessoes_plenarias::ata::estado::StatusAta`; the triggers
//! `ata_guarda` and `ata_imutavel` hold them, the immutability and "a later sessão" against
//! any raw write.

use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use domain::sessoes_plenarias::StatusSessao;
use domain::sessoes_plenarias::ata::estado::{self, StatusAta};
use domain::sessoes_plenarias::votacao::TipoAcao;

use crate::auditoria::{self, Autor, json};
use crate::error::invalido;
use crate::sessoes_plenarias::pauta::{self, NovoItem};
use crate::sessoes_plenarias::{SessaoPlenaria, agenda};
use crate::{Error, Result, TenantTx};

/// A sessão's ata.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Ata {
    pub id: Uuid,
    pub sessao_id: Uuid,
    pub status: String,
    pub texto: String,
    pub versao: i32,
    pub item_id: Option<Uuid>,
    /// The sessão whose pauta reads and votes it.
    pub sessao_aprovacao_id: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub aprovada_em: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub publicada_em: Option<OffsetDateTime>,
    /// dd/mm/aaaa in the câmara's time zone.
    pub aprovada_dia: Option<String>,
    pub publicada_dia: Option<String>,
    /// Some version after the approval is a retificação.
    pub retificada: bool,
}

impl Ata {
    pub fn status(&self) -> StatusAta {
        StatusAta::parse(&self.status).unwrap_or(StatusAta::Rascunho)
    }
    pub fn status_label(&self) -> &'static str {
        self.status().rotulo()
    }
    /// The text as HTML (Markdown, sanitized).
    pub fn html(&self) -> String {
        domain::texto::markdown_seguro(&self.texto)
    }
}

/// One saved text.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct VersaoAta {
    pub versao: i32,
    pub texto: String,
    pub retificacao: bool,
    pub motivo: Option<String>,
    pub usuario: Option<String>,
    /// dd/mm/aaaa hh:mm in the câmara's time zone.
    pub quando: String,
}

const ATA: &str = "SELECT a.id, a.sessao_id, a.status, a.texto, a.versao, a.item_id,
    i.sessao_id AS sessao_aprovacao_id, a.aprovada_em, a.publicada_em,
    to_char(a.aprovada_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY') AS aprovada_dia,
    to_char(a.publicada_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY') AS publicada_dia,
    EXISTS (SELECT 1 FROM app.ata_versao v WHERE v.tenant_id = a.tenant_id AND v.ata_id = a.id
             AND v.retificacao) AS retificada
    FROM app.ata a
    JOIN app.camara_config c ON c.tenant_id = a.tenant_id
    LEFT JOIN app.pauta_item i ON i.tenant_id = a.tenant_id AND i.id = a.item_id";

/// The ata of `sessao_id`, if it was created.
pub async fn da_sessao(tx: &mut TenantTx, sessao_id: Uuid) -> Result<Option<Ata>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!("{ATA} WHERE a.tenant_id = $1 AND a.sessao_id = $2")),
        sessao_id,
    )
    .await
}

/// The published ata of `sessao_id` (what the public sees), or nothing.
pub async fn publicada(tx: &mut TenantTx, sessao_id: Uuid) -> Result<Option<Ata>> {
    Ok(da_sessao(tx, sessao_id)
        .await?
        .filter(|a| a.status().publica()))
}

/// The ata read by the pauta item `item_id`, if any.
pub async fn do_item(tx: &mut TenantTx, item_id: Uuid) -> Result<Option<Ata>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!("{ATA} WHERE a.tenant_id = $1 AND a.item_id = $2")),
        item_id,
    )
    .await
}

/// The ata, locked for a change.
async fn travada(tx: &mut TenantTx, sessao_id: Uuid) -> Result<Ata> {
    let tenant = tx.tenant_id();
    sqlx::query("SELECT 1 FROM app.ata WHERE tenant_id = $1 AND sessao_id = $2 FOR UPDATE")
        .bind(tenant)
        .bind(sessao_id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or_else(|| Error::NotFound("A ata desta sessão ainda não foi criada.".into()))?;
    da_sessao(tx, sessao_id)
        .await?
        .ok_or_else(|| Error::NotFound("A ata desta sessão ainda não foi criada.".into()))
}

/// Every saved text, newest first.
pub async fn versoes(tx: &mut TenantTx, ata_id: Uuid) -> Result<Vec<VersaoAta>> {
    tx.linhas(
        "SELECT v.versao, v.texto, v.retificacao, v.motivo, u.email AS usuario,
                to_char(v.criada_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS quando
           FROM app.ata_versao v
           JOIN app.camara_config c ON c.tenant_id = v.tenant_id
           LEFT JOIN app.usuario u ON u.tenant_id = v.tenant_id AND u.id = v.usuario_id
          WHERE v.tenant_id = $1 AND v.ata_id = $2 ORDER BY v.versao DESC",
        ata_id,
    )
    .await
}

async fn gravar_versao(
    tx: &mut TenantTx,
    autor: &Autor,
    ata_id: Uuid,
    versao: i32,
    texto: &str,
    motivo: Option<&str>,
) -> Result<()> {
    let tenant = tx.tenant_id();
    let q = sqlx::query(
        "INSERT INTO app.ata_versao (tenant_id, id, ata_id, versao, texto, retificacao, motivo,
                                     usuario_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(ata_id)
    .bind(versao)
    .bind(texto)
    .bind(motivo.is_some())
    .bind(motivo)
    .bind(autor.usuario_id);
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await
    .map(|_| ())
}

fn texto_valido(texto: &str) -> Result<&str> {
    estado::texto(texto).map_err(|m| invalido("texto", m))
}

/// Creates the ata of a sessão that was held (aberta, suspensa or encerrada) from its
/// generated draft: version 1, a rascunho.
pub async fn criar(tx: &mut TenantTx, autor: &Autor, sessao_id: Uuid) -> Result<Ata> {
    let s = agenda::para_alterar(tx, sessao_id).await?;
    if matches!(s.status, StatusSessao::Agendada | StatusSessao::Cancelada) {
        return Err(Error::Conflict(
            "A ata é de uma sessão realizada: abra a sessão antes.".into(),
        ));
    }
    if da_sessao(tx, sessao_id).await?.is_some() {
        return Err(Error::Conflict("A ata desta sessão já foi criada.".into()));
    }
    let texto = super::rascunho(tx, sessao_id).await?;
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    let q = sqlx::query(
        "INSERT INTO app.ata (tenant_id, id, sessao_id, texto) VALUES ($1, $2, $3, $4)",
    )
    .bind(tenant)
    .bind(id)
    .bind(sessao_id)
    .bind(&texto);
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    gravar_versao(tx, autor, id, 1, &texto, None).await?;
    let a = da_sessao(tx, sessao_id)
        .await?
        .ok_or_else(|| Error::NotFound("Ata não encontrada.".into()))?;
    auditoria::mudanca(tx, autor, "ata", id, "criar", None, json(&a)).await?;
    Ok(a)
}

/// Writes a new text of a rascunho as the next version (nothing when the text is the same).
async fn novo_texto(
    tx: &mut TenantTx,
    autor: &Autor,
    sessao_id: Uuid,
    texto: &str,
    acao: &str,
) -> Result<Ata> {
    let antes = travada(tx, sessao_id).await?;
    if let Some(porque) = antes.status().impedimento_edicao() {
        return Err(Error::Conflict(porque.into()));
    }
    let texto = texto_valido(texto)?;
    if texto == antes.texto.trim() {
        return Ok(antes);
    }
    versao_seguinte(tx, autor, sessao_id, &antes, texto, None, acao).await
}

/// Writes `texto` as the ata's next version (a retificação when `motivo` is given), updates
/// the ata and audits the change under `acao`.
async fn versao_seguinte(
    tx: &mut TenantTx,
    autor: &Autor,
    sessao_id: Uuid,
    antes: &Ata,
    texto: &str,
    motivo: Option<&str>,
    acao: &str,
) -> Result<Ata> {
    let versao = antes.versao + 1;
    gravar_versao(tx, autor, antes.id, versao, texto, motivo).await?;
    atualizar(
        tx,
        antes.id,
        "UPDATE app.ata SET texto = $3, versao = $4",
        |q| q.bind(texto.to_owned()).bind(versao),
    )
    .await?;
    let depois = travada(tx, sessao_id).await?;
    auditoria::mudanca(tx, autor, "ata", antes.id, acao, json(antes), json(&depois)).await?;
    Ok(depois)
}

use crate::infra::leitura::Consulta;

/// `UPDATE … WHERE tenant_id = $1 AND id = $2` with the extra binds from `$3`, refused
/// writes mapped to their messages behind a savepoint.
async fn atualizar(
    tx: &mut TenantTx,
    id: Uuid,
    sql: &'static str,
    binds: impl FnOnce(Consulta<'static>) -> Consulta<'static>,
) -> Result<()> {
    let tenant = tx.tenant_id();
    let sql = sqlx::AssertSqlSafe(format!("{sql} WHERE tenant_id = $1 AND id = $2"));
    let q = binds(sqlx::query(sql).bind(tenant).bind(id));
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await
    .map(|_| ())
}

/// Saves the secretaria's text of a rascunho (a new version).
pub async fn salvar(tx: &mut TenantTx, autor: &Autor, sessao_id: Uuid, texto: &str) -> Result<Ata> {
    novo_texto(tx, autor, sessao_id, texto, "editar").await
}

/// Replaces a rascunho's text with a freshly generated draft (a new version).
pub async fn regenerar(tx: &mut TenantTx, autor: &Autor, sessao_id: Uuid) -> Result<Ata> {
    let texto = super::rascunho(tx, sessao_id).await?;
    novo_texto(tx, autor, sessao_id, &texto, "regenerar").await
}

/// The sessões whose pauta may read and vote the ata of `s`: later, not encerrada or
/// cancelada.
pub async fn sessoes_para_aprovacao(
    tx: &mut TenantTx,
    s: &SessaoPlenaria,
) -> Result<Vec<SessaoPlenaria>> {
    let (todas, _) = super::super::listar(tx, &super::super::Filtro::default(), 500, 0).await?;
    Ok(todas
        .into_iter()
        .filter(|d| {
            d.inicio > s.inicio
                && matches!(
                    d.status,
                    StatusSessao::Agendada | StatusSessao::Aberta | StatusSessao::Suspensa
                )
        })
        .collect())
}

/// Puts the ata of an encerrada sessão on the pauta of the later sessão `destino`: a free
/// item "Leitura e votação da ata da …" (votação, maioria simples) linked to the ata, which
/// becomes em aprovação.
pub async fn enviar_para_aprovacao(
    tx: &mut TenantTx,
    autor: &Autor,
    sessao_id: Uuid,
    destino: Option<Uuid>,
) -> Result<Ata> {
    let antes = travada(tx, sessao_id).await?;
    if let Some(porque) = antes.status().impedimento_aprovacao() {
        return Err(Error::Conflict(porque.into()));
    }
    let s = agenda::lida(tx, sessao_id).await?;
    if s.status != StatusSessao::Encerrada {
        return Err(Error::Conflict(
            "A ata vai à aprovação depois de encerrada a sessão.".into(),
        ));
    }
    let destino = destino.ok_or_else(|| {
        invalido(
            "sessao_destino",
            "Escolha a sessão em que a ata será votada.",
        )
    })?;
    let d = super::super::por_id(tx, destino)
        .await?
        .ok_or_else(|| invalido("sessao_destino", "Sessão inexistente nesta câmara."))?;
    if d.inicio <= s.inicio {
        return Err(invalido(
            "sessao_destino",
            "A ata é aprovada numa sessão posterior à dela.",
        ));
    }
    let item = pauta::adicionar_item(
        tx,
        autor,
        destino,
        &NovoItem {
            proposicao_id: None,
            descricao: estado::titulo_item(&s.titulo(), &s.data()),
            tipo_acao: TipoAcao::Votacao,
            quorum: None,
            turno: 1,
            fase_id: None,
        },
    )
    .await
    .map_err(|e| match e {
        Error::Conflict(m) => invalido("sessao_destino", m),
        e => e,
    })?;
    atualizar(
        tx,
        antes.id,
        "UPDATE app.ata SET status = 'em_aprovacao', item_id = $3",
        |q| q.bind(item.id),
    )
    .await?;
    let depois = travada(tx, sessao_id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "ata",
        antes.id,
        "enviar_aprovacao",
        json(&antes),
        json(&depois),
    )
    .await?;
    Ok(depois)
}

/// What the approving item's outcome does to the ata it reads: a votação aprovada approves
/// it; a rejection, a retirada or an adiamento without a new item send it back to
/// rascunho; an adiamento carries the link to the new item. Called by the votação's close
/// and by `pauta::mover_item`, in their transaction.
pub(crate) async fn desfecho_do_item(
    tx: &mut TenantTx,
    autor: &Autor,
    item_id: Uuid,
    desfecho: Desfecho,
) -> Result<()> {
    let Some(antes) = do_item(tx, item_id).await? else {
        return Ok(());
    };
    if antes.status() != StatusAta::EmAprovacao {
        return Ok(());
    }
    let (sql, acao, novo): (&'static str, &str, Option<Uuid>) = match desfecho {
        Desfecho::Aprovada => (
            "UPDATE app.ata SET status = 'aprovada', aprovada_em = now()",
            "aprovar",
            None,
        ),
        Desfecho::Devolvida => (
            "UPDATE app.ata SET status = 'rascunho', item_id = NULL",
            "devolver",
            None,
        ),
        Desfecho::Levada(novo) => ("UPDATE app.ata SET item_id = $3", "adiar", Some(novo)),
    };
    atualizar(tx, antes.id, sql, |q| match novo {
        Some(n) => q.bind(n),
        None => q,
    })
    .await?;
    let depois = travada(tx, antes.sessao_id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "ata",
        antes.id,
        acao,
        json(&antes),
        json(&depois),
    )
    .await?;
    Ok(())
}

/// What became of the item that reads an ata.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Desfecho {
    Aprovada,
    Devolvida,
    /// Adiada: the new item in the later sessão.
    Levada(Uuid),
}

/// Publishes an approved ata.
pub async fn publicar(tx: &mut TenantTx, autor: &Autor, sessao_id: Uuid) -> Result<Ata> {
    let antes = travada(tx, sessao_id).await?;
    if let Some(porque) = antes.status().impedimento_publicacao() {
        return Err(Error::Conflict(porque.into()));
    }
    atualizar(
        tx,
        antes.id,
        "UPDATE app.ata SET status = 'publicada', publicada_em = now()",
        |q| q,
    )
    .await?;
    let depois = travada(tx, sessao_id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "ata",
        antes.id,
        "publicar",
        json(&antes),
        json(&depois),
    )
    .await?;
    Ok(depois)
}

/// Corrects an approved (or published) ata: a new version marked retificação with its
/// motivo; the status stays.
pub async fn retificar(
    tx: &mut TenantTx,
    autor: &Autor,
    sessao_id: Uuid,
    texto: &str,
    motivo: &str,
) -> Result<Ata> {
    let antes = travada(tx, sessao_id).await?;
    if let Some(porque) = antes.status().impedimento_retificacao() {
        return Err(Error::Conflict(porque.into()));
    }
    let texto = texto_valido(texto)?;
    let motivo = estado::motivo_retificacao(motivo).map_err(|m| invalido("motivo", m))?;
    if texto == antes.texto.trim() {
        return Err(invalido(
            "texto",
            "O texto é o mesmo da versão aprovada: nada a retificar.",
        ));
    }
    versao_seguinte(
        tx,
        autor,
        sessao_id,
        &antes,
        texto,
        Some(motivo),
        "retificar",
    )
    .await
}
