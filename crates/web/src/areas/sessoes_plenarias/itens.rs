//! Taking an item out of the pauta, asked first (`votacao.operar`): adiamento to a later
//! agendada sessão and retirada de pauta, each with a motivo. The pedido de vista and its
//! return are console actions (`painel.rs`); all go through `pauta::mover_item`.

use axum::response::Response;
use serde::Deserialize;
use store::TenantTx;
use store::sessoes_plenarias::pauta::{self, ItemPauta, Movimento};
use store::sessoes_plenarias::{self as sp, StatusSessao};
use uuid::Uuid;

use domain::sessoes_plenarias::pauta::{AcaoItem, SituacaoItem};

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path};
use crate::http::tenant::CurrentTenant;
use crate::kit::confirmacao::{Confirmacao, Escolha};
use crate::kit::formulario::{id_de, redirecionar};
use crate::kit::shell::Shell;

#[derive(Deserialize, Default)]
pub(super) struct SaidaForm {
    #[serde(default)]
    motivo: String,
    #[serde(default)]
    sessao_destino: String,
}

const MOTIVO: &str = "Motivo (de 10 a 2.000 caracteres)";

/// The confirmation page of `acao` on item `i`, with what it asks for.
async fn pagina(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    i: &ItemPauta,
    acao: AcaoItem,
    f: &SaidaForm,
) -> Result<Confirmacao, WebError> {
    let s = sp::por_id(tx, i.sessao_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let (verbo, texto, botao) = match acao {
        AcaoItem::Adiar => (
            "adiar",
            "O item sai da pauta desta sessão e entra na pauta da sessão escolhida.",
            "Adiar o item",
        ),
        _ => (
            "retirar",
            "O item sai da pauta de vez, e a proposição não poderá mais ser anexada.",
            "Retirar de pauta",
        ),
    };
    let mut c = Confirmacao::new(
        Shell::new(current, logado, "/admin/sessoes"),
        format!("{}: {}", acao.rotulo(), i.titulo),
        texto,
        format!("/admin/sessoes/pauta/{}/{verbo}", i.id),
        botao,
        format!("/admin/sessoes/{}/painel", s.id),
    )
    .pedindo_motivo(MOTIVO, f.motivo.clone());
    if acao == AcaoItem::Adiar {
        let (todas, _) = sp::listar(tx, &sp::Filtro::default(), 200, 0).await?;
        let opcoes = todas
            .into_iter()
            .filter(|d| d.status == StatusSessao::Agendada && d.dia > s.dia)
            .map(|d| (d.id.to_string(), format!("{} — {}", d.titulo(), d.data())))
            .collect();
        c = c.pedindo_escolha(Escolha {
            nome: "sessao_destino",
            rotulo: "Adiar para a sessão",
            opcoes,
            valor: f.sessao_destino.clone(),
        });
    }
    let fora = !matches!(i.situacao(), SituacaoItem::NaPauta | SituacaoItem::Vista);
    Ok(if fora {
        c.impedida(format!(
            "O item está {}.",
            i.situacao_label().to_lowercase()
        ))
    } else {
        c
    })
}

async fn form(
    mut tx: TenantTx,
    current: CurrentTenant,
    logado: Logado,
    id: &str,
    acao: AcaoItem,
) -> Result<Confirmacao, WebError> {
    let i = pauta::item(&mut tx, id_de(id)?).await?;
    let c = pagina(&mut tx, &current, &logado, &i, acao, &SaidaForm::default()).await?;
    tx.commit().await?;
    Ok(c)
}

async fn salvar(
    mut tx: TenantTx,
    current: CurrentTenant,
    logado: Logado,
    id: &str,
    acao: AcaoItem,
    f: SaidaForm,
) -> Result<Response, WebError> {
    let item_id = id_de(id)?;
    let i = pauta::item(&mut tx, item_id).await?;
    let destino: Option<Uuid> = f.sessao_destino.trim().parse().ok();
    let m = Movimento {
        prazo_dias: None,
        destino,
        motivo: f.motivo.clone(),
    };
    match tx
        .tentar(async |tx| pauta::mover_item(tx, &logado.autor, item_id, acao, &m).await)
        .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/sessoes/{}/painel",
                i.sessao_id
            )))
        }
        Err(e) => {
            let c = pagina(&mut tx, &current, &logado, &i, acao, &f).await?;
            c.motivo_recusado(MOTIVO, f.motivo, e)
        }
    }
}

pub(super) async fn adiar_form(
    Admin(tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    form(tx, current, logado, &id, AcaoItem::Adiar).await
}

pub(super) async fn adiar_salvar(
    Admin(tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<SaidaForm>,
) -> Result<Response, WebError> {
    salvar(tx, current, logado, &id, AcaoItem::Adiar, f).await
}

pub(super) async fn retirar_form(
    Admin(tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    form(tx, current, logado, &id, AcaoItem::Retirar).await
}

pub(super) async fn retirar_salvar(
    Admin(tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<SaidaForm>,
) -> Result<Response, WebError> {
    salvar(tx, current, logado, &id, AcaoItem::Retirar, f).await
}
