//! The comissão's members at work from their own accounts (migration 0021): the relator's
//! matérias (the distribuições whose current relator is the parlamentar) and the electronic
//! vote on a parecer, which the secretaria opens and closes and where each current member
//! votes once. The database refuses a second vote, a non-member, an ex-member and another
//! account (`app.voto_membro_parecer_valido`); closing counts the votes through
//! [`super::pareceres::votar`], the same function as the secretaria's paper form.

use domain::calendario::{Calendario, SituacaoPrazo, situacao_prazo};
use domain::comissoes::{Apuracao, Voto};
use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::pareceres::{self, NovoParecer};
use crate::auditoria::{self, Autor};
use crate::composicao::data_iso;
use crate::infra::recusas;
use crate::{Error, Result, TenantTx};

/// How many dias úteis before its end a relator's prazo counts as "vencendo".
const AVISO_DIAS_UTEIS: u32 = 2;

/// A distribuição whose current relator is the parlamentar.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct MinhaRelatoria {
    pub distribuicao_id: Uuid,
    pub proposicao_id: Uuid,
    pub sigla: String,
    pub numero: i32,
    pub ano: i32,
    pub ementa: String,
    pub comissao_sigla: String,
    pub comissao_nome: String,
    #[serde(serialize_with = "data_iso")]
    pub designada_em: Date,
    pub prazo_dias: i16,
    #[serde(serialize_with = "data_iso")]
    pub prazo: Date,
    /// A parecer of this distribuição waits for the comissão's vote.
    pub pendente: bool,
    /// The comissão approved its parecer.
    pub concluida: bool,
}

impl MinhaRelatoria {
    pub fn identificacao(&self) -> String {
        domain::proposicoes::identificacao(&self.sigla, i64::from(self.numero), self.ano)
    }

    /// Where the prazo stands on `hoje`, in dias úteis (national holidays only, as the
    /// prazo was counted): "faltam 3 dias úteis", "vence hoje", "vencido há 2 dias úteis".
    pub fn situacao_prazo(&self, hoje: Date) -> (SituacaoPrazo, String) {
        let cal = Calendario::default();
        let s = situacao_prazo(&cal, hoje, self.prazo, AVISO_DIAS_UTEIS);
        let texto = if hoje > self.prazo {
            match cal.contar(self.prazo, hoje) {
                0 => "vencido".to_owned(),
                1 => "vencido há 1 dia útil".to_owned(),
                n => format!("vencido há {n} dias úteis"),
            }
        } else {
            match cal.contar(hoje, self.prazo) {
                0 => "vence hoje".to_owned(),
                1 => "falta 1 dia útil".to_owned(),
                n => format!("faltam {n} dias úteis"),
            }
        };
        (s, texto)
    }
}

const MINHAS: &str = "SELECT d.id AS distribuicao_id, d.proposicao_id, t.sigla, p.numero, p.ano,
    p.ementa, c.sigla AS comissao_sigla, c.nome AS comissao_nome, r.designada_em, r.prazo_dias,
    r.prazo,
    EXISTS (SELECT 1 FROM app.parecer x WHERE x.tenant_id = d.tenant_id AND x.distribuicao_id = d.id
             AND x.resultado IS NULL) AS pendente,
    EXISTS (SELECT 1 FROM app.parecer x WHERE x.tenant_id = d.tenant_id AND x.distribuicao_id = d.id
             AND x.resultado = 'aprovado') AS concluida
    FROM app.relatoria r
    JOIN app.membro_comissao m ON m.tenant_id = r.tenant_id AND m.id = r.membro_id
    JOIN app.distribuicao d ON d.tenant_id = r.tenant_id AND d.id = r.distribuicao_id
    JOIN app.comissao c ON c.tenant_id = d.tenant_id AND c.id = d.comissao_id
    JOIN app.proposicao p ON p.tenant_id = d.tenant_id AND p.id = d.proposicao_id
    JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
    WHERE r.tenant_id = $1 AND m.parlamentar_id = $2 AND r.encerrada_em IS NULL";

/// A page of the parlamentar's current relatorias (the nearest prazo first), with the total.
pub async fn minhas_relatorias(
    tx: &mut TenantTx,
    parlamentar_id: Uuid,
    limite: i64,
    inicio: i64,
) -> Result<(Vec<MinhaRelatoria>, i64)> {
    let tenant = tx.tenant_id();
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MINHAS} ORDER BY r.prazo, d.id LIMIT $3 OFFSET $4"
    )))
    .bind(tenant)
    .bind(parlamentar_id)
    .bind(limite)
    .bind(inicio)
    .fetch_all(tx.conn())
    .await?;
    let total = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM ({MINHAS}) x"
    )))
    .bind(tenant)
    .bind(parlamentar_id)
    .fetch_one(tx.conn())
    .await?;
    Ok((lista, total))
}

/// The distribuição, when the parlamentar is its current relator.
pub async fn minha_relatoria(
    tx: &mut TenantTx,
    parlamentar_id: Uuid,
    distribuicao_id: Uuid,
) -> Result<Option<MinhaRelatoria>> {
    let tenant = tx.tenant_id();
    Ok(
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{MINHAS} AND d.id = $3")))
            .bind(tenant)
            .bind(parlamentar_id)
            .bind(distribuicao_id)
            .fetch_optional(tx.conn())
            .await?,
    )
}

/// The relator's own parecer: refused (not found) unless the parlamentar is the current
/// relator of the distribuição; then the secretaria's [`pareceres::apresentar`] records it.
pub async fn apresentar_como_relator(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar_id: Uuid,
    n: &NovoParecer,
) -> Result<Uuid> {
    if minha_relatoria(tx, parlamentar_id, n.distribuicao_id)
        .await?
        .is_none()
    {
        return Err(Error::NotFound(
            "Você não é o relator desta distribuição.".into(),
        ));
    }
    pareceres::apresentar(tx, autor, n).await
}

// ---------------------------------------------------------------- the electronic vote

/// An electronic vote on a parecer (open or closed).
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct VotacaoEletronica {
    pub id: Uuid,
    pub parecer_id: Uuid,
    #[serde(serialize_with = "data_iso")]
    pub data: Date,
    pub aberta_em: OffsetDateTime,
    pub encerrada_em: Option<OffsetDateTime>,
    pub votacao_id: Option<Uuid>,
}

const VOTACAO: &str = "SELECT id, parecer_id, data, aberta_em, encerrada_em, votacao_id
    FROM app.votacao_eletronica_parecer";

/// The open electronic vote of a parecer, if any.
pub async fn aberta(tx: &mut TenantTx, parecer_id: Uuid) -> Result<Option<VotacaoEletronica>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "{VOTACAO} WHERE tenant_id = $1 AND parecer_id = $2 AND encerrada_em IS NULL"
        )),
        parecer_id,
    )
    .await
}

/// The votes cast in an electronic vote: (membership, parlamentar's name, vote).
pub async fn votos_eletronicos(
    tx: &mut TenantTx,
    votacao_id: Uuid,
) -> Result<Vec<(Uuid, String, String)>> {
    tx.linhas(
        "SELECT v.membro_id, p.nome_parlamentar, v.voto FROM app.voto_membro_parecer v
           JOIN app.membro_comissao m ON m.tenant_id = v.tenant_id AND m.id = v.membro_id
           JOIN app.parlamentar p ON p.tenant_id = m.tenant_id AND p.id = m.parlamentar_id
          WHERE v.tenant_id = $1 AND v.votacao_id = $2
          ORDER BY p.nome_parlamentar",
        votacao_id,
    )
    .await
}

/// Opens the electronic vote of a parecer waiting for the comissão's vote, on `data`: the
/// members serving on that day vote. Run it behind `TenantTx::tentar`.
pub async fn abrir(tx: &mut TenantTx, autor: &Autor, parecer_id: Uuid, data: Date) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let p = pareceres::parecer(tx, parecer_id)
        .await?
        .ok_or_else(|| Error::NotFound("Parecer não encontrado.".into()))?;
    if p.resultado.is_some() {
        return Err(Error::Conflict(
            "Este parecer já foi votado pela comissão.".into(),
        ));
    }
    if data < p.data {
        return Err(crate::error::invalido(
            "data",
            "A votação não pode ser anterior ao parecer.",
        ));
    }
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.votacao_eletronica_parecer (tenant_id, id, parecer_id, data, aberta_por)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(tenant)
    .bind(id)
    .bind(p.id)
    .bind(data)
    .bind(autor.usuario_id)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "votacao_eletronica_parecer",
        Some(&id.to_string()),
        "abrir",
        None,
        Some(serde_json::json!({ "parecer": p.id, "data": data.to_string() })),
    )
    .await?;
    Ok(id)
}

/// A parecer open for the vote in one of the parlamentar's comissões, with their vote.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct ParaVotar {
    pub votacao_id: Uuid,
    pub parecer_id: Uuid,
    #[serde(serialize_with = "data_iso")]
    pub data: Date,
    pub sigla: String,
    pub numero: i32,
    pub ano: i32,
    pub ementa: String,
    pub comissao_sigla: String,
    pub relator: String,
    pub conclusao: String,
    pub texto: String,
    pub meu_voto: Option<String>,
}

impl ParaVotar {
    pub fn identificacao(&self) -> String {
        domain::proposicoes::identificacao(&self.sigla, i64::from(self.numero), self.ano)
    }

    pub fn conclusao_label(&self) -> &'static str {
        domain::comissoes::Conclusao::parse(&self.conclusao)
            .map(domain::comissoes::Conclusao::rotulo)
            .unwrap_or("")
    }

    pub fn voto_label(&self) -> &'static str {
        self.meu_voto
            .as_deref()
            .and_then(Voto::parse)
            .map(Voto::rotulo)
            .unwrap_or("")
    }

    pub fn texto_html(&self) -> String {
        domain::texto::markdown_seguro(&self.texto)
    }
}

const PARA_VOTAR: &str = "SELECT e.id AS votacao_id, x.id AS parecer_id, e.data, t.sigla,
    p.numero, p.ano, p.ementa, c.sigla AS comissao_sigla, pa.nome_parlamentar AS relator,
    x.conclusao, x.texto,
    (SELECT v.voto FROM app.voto_membro_parecer v
       JOIN app.membro_comissao mv ON mv.tenant_id = v.tenant_id AND mv.id = v.membro_id
      WHERE v.tenant_id = e.tenant_id AND v.votacao_id = e.id AND mv.parlamentar_id = $2) AS meu_voto
    FROM app.votacao_eletronica_parecer e
    JOIN app.parecer x ON x.tenant_id = e.tenant_id AND x.id = e.parecer_id
    JOIN app.distribuicao d ON d.tenant_id = x.tenant_id AND d.id = x.distribuicao_id
    JOIN app.comissao c ON c.tenant_id = d.tenant_id AND c.id = d.comissao_id
    JOIN app.proposicao p ON p.tenant_id = d.tenant_id AND p.id = d.proposicao_id
    JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
    JOIN app.relatoria r ON r.tenant_id = x.tenant_id AND r.id = x.relatoria_id
    JOIN app.membro_comissao mr ON mr.tenant_id = r.tenant_id AND mr.id = r.membro_id
    JOIN app.parlamentar pa ON pa.tenant_id = mr.tenant_id AND pa.id = mr.parlamentar_id
    WHERE e.tenant_id = $1 AND e.encerrada_em IS NULL
      AND EXISTS (SELECT 1 FROM app.membro_comissao m
                   WHERE m.tenant_id = d.tenant_id AND m.comissao_id = d.comissao_id
                     AND m.parlamentar_id = $2 AND m.designacao <= e.data
                     AND (m.desligamento IS NULL OR m.desligamento >= e.data))";

/// The open votes of the comissões the parlamentar serves in (on each vote's day).
pub async fn para_votar(tx: &mut TenantTx, parlamentar_id: Uuid) -> Result<Vec<ParaVotar>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!("{PARA_VOTAR} ORDER BY e.aberta_em, e.id LIMIT 200")),
        parlamentar_id,
    )
    .await
}

/// One open vote of the parlamentar's comissões.
pub async fn para_votar_um(
    tx: &mut TenantTx,
    parlamentar_id: Uuid,
    votacao_id: Uuid,
) -> Result<Option<ParaVotar>> {
    let tenant = tx.tenant_id();
    Ok(
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{PARA_VOTAR} AND e.id = $3")))
            .bind(tenant)
            .bind(parlamentar_id)
            .bind(votacao_id)
            .fetch_optional(tx.conn())
            .await?,
    )
}

/// The member's own vote, from the account `autor` (linked to `parlamentar_id`). The
/// membership voting is the parlamentar's latest in the parecer's comissão; the database
/// decides whether it may vote (serving on the day, own account, once, vote open). Run it
/// behind `TenantTx::tentar`.
pub async fn votar_como_membro(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar_id: Uuid,
    votacao_id: Uuid,
    voto: Voto,
) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let usuario = autor
        .usuario_id
        .ok_or_else(|| Error::Conflict("O voto é dado na conta do próprio membro.".into()))?;
    let membro: Option<Uuid> = sqlx::query_scalar(
        "SELECT m.id FROM app.votacao_eletronica_parecer e
           JOIN app.parecer x ON x.tenant_id = e.tenant_id AND x.id = e.parecer_id
           JOIN app.distribuicao d ON d.tenant_id = x.tenant_id AND d.id = x.distribuicao_id
           JOIN app.membro_comissao m ON m.tenant_id = d.tenant_id AND m.comissao_id = d.comissao_id
          WHERE e.tenant_id = $1 AND e.id = $2 AND m.parlamentar_id = $3
          ORDER BY m.designacao DESC, m.id DESC LIMIT 1",
    )
    .bind(tenant)
    .bind(votacao_id)
    .bind(parlamentar_id)
    .fetch_optional(tx.conn())
    .await?;
    let membro = membro.ok_or_else(|| {
        Error::Conflict("Só votam os membros da comissão em exercício na data da votação.".into())
    })?;
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.voto_membro_parecer (tenant_id, id, votacao_id, membro_id, usuario_id, voto)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant)
    .bind(id)
    .bind(votacao_id)
    .bind(membro)
    .bind(usuario)
    .bind(voto.as_str())
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "voto_membro_parecer",
        Some(&id.to_string()),
        "votar",
        None,
        Some(serde_json::json!({
            "votacao": votacao_id, "membro": membro, "voto": voto.as_str(),
        })),
    )
    .await?;
    Ok(id)
}

/// Closes the open electronic vote of a parecer: the votes cast (the others are ausentes)
/// are counted by [`pareceres::votar`], which records the votação and closes this one.
/// Run it behind `TenantTx::tentar`.
pub async fn encerrar(tx: &mut TenantTx, autor: &Autor, parecer_id: Uuid) -> Result<Apuracao> {
    let v = aberta(tx, parecer_id)
        .await?
        .ok_or_else(|| Error::Conflict("A votação deste parecer não está aberta.".into()))?;
    let votos: Vec<(Uuid, Voto)> = votos_eletronicos(tx, v.id)
        .await?
        .into_iter()
        .filter_map(|(m, _, voto)| Voto::parse(&voto).map(|x| (m, x)))
        .collect();
    pareceres::votar(tx, autor, parecer_id, v.data, &votos).await
}

/// For [`pareceres::votar`]: the open electronic vote of the parecer must agree with the
/// votes recorded (a member who voted electronically is not overwritten by the paper form);
/// answers its id.
pub(super) async fn conferir_com_eletronica(
    tx: &mut TenantTx,
    parecer_id: Uuid,
    data: Date,
    votos: &[(Uuid, Voto)],
) -> Result<Option<Uuid>> {
    let Some(v) = aberta(tx, parecer_id).await? else {
        return Ok(None);
    };
    if v.data != data {
        return Err(crate::error::invalido(
            "data",
            format!(
                "A votação eletrônica deste parecer está aberta para {:02}/{:02}/{}: registre a votação nessa data.",
                v.data.day(),
                u8::from(v.data.month()),
                v.data.year()
            ),
        ));
    }
    let mut divergentes = Vec::new();
    for (membro, nome, voto) in votos_eletronicos(tx, v.id).await? {
        let no_papel = votos.iter().find(|(m, _)| *m == membro).map(|(_, x)| *x);
        if no_papel.map(Voto::as_str) != Some(voto.as_str()) {
            let rotulo = Voto::parse(&voto).map(Voto::rotulo).unwrap_or("");
            divergentes.push(format!("{nome} ({rotulo})"));
        }
    }
    if !divergentes.is_empty() {
        return Err(crate::error::invalido(
            "votos",
            format!(
                "Já votaram eletronicamente, e o voto em papel não substitui o deles: {}.",
                divergentes.join(", ")
            ),
        ));
    }
    Ok(Some(v.id))
}

/// For [`pareceres::votar`]: the electronic vote ends with the votação recorded.
pub(super) async fn fechar(tx: &mut TenantTx, id: Uuid, votacao_id: Uuid) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.votacao_eletronica_parecer SET encerrada_em = clock_timestamp(), votacao_id = $3
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(votacao_id)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    Ok(())
}
