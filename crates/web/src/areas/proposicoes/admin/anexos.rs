//! The anexos of a proposição: upload (checked by content, stored with
//! `store::infra::arquivos`), download by the secretaria, removal after confirmation. A PDF
//! may be marked as the texto integral (instead of, or besides, the Markdown texto).

use axum::extract::State;
use axum::response::Response;
use domain::ValidationError;
use store::TenantTx;
use store::auditoria::Autor;
use store::proposicoes::anexos::{self, AnexoProposicao, NovoAnexoProposicao};
use uuid::Uuid;

use super::pagina::{Secao, alvo, de_novo};
use super::para_proposicao;
use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::corpo::Envio;
use crate::http::entrada::Path;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::anexo::{AnexoEnviado, FormAnexo};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{Erros, id_de, redirecionar};
use crate::kit::shell::Shell;
use crate::state::AppState;

/// Receives an anexo (multipart: `titulo`, `arquivo`, `texto_integral`).
pub(super) async fn enviar(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Envio(mut mp): Envio,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let arquivos = state.store.arquivos();
    let mut e = AnexoEnviado::ler(arquivos, tx.tenant_id(), &mut mp).await?;
    let texto_integral = !e.envio.campo("texto_integral").is_empty();
    if let Some((_, v)) = &e.arquivo
        && texto_integral
        && v.content_type != "application/pdf"
    {
        e.erros.push(ValidationError::new(
            "texto_integral",
            "O texto integral da proposição deve ser um PDF.",
        ));
    }
    let (titulo, nome, v) = match e.decidir(arquivos, tx.tenant_id()).await? {
        Ok(pronto) => pronto,
        Err(form) => return de_novo(&mut tx, &current, &logado, p.id, Secao::Anexo(form)).await,
    };
    let tamanho = i64::try_from(v.dados.len()).unwrap_or(i64::MAX);
    let key = state
        .store
        .arquivos()
        .guardar(tx.tenant_id(), "proposicoes", v.ext, v.dados)
        .await?;
    let novo = NovoAnexoProposicao {
        titulo,
        nome_arquivo: nome,
        arquivo_key: key,
        content_type: v.content_type.to_owned(),
        tamanho,
        texto_integral,
    };
    let r = tx
        .tentar(async |tx| anexos::adicionar(tx, &logado.autor, p.id, &novo).await)
        .await;
    match r {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&para_proposicao(p.id, "anexo")))
        }
        Err(e) => {
            let anexo = FormAnexo {
                titulo: novo.titulo,
                erros: Erros::do_store(e)?,
                retido: None,
            };
            de_novo(&mut tx, &current, &logado, p.id, Secao::Anexo(anexo)).await
        }
    }
}

async fn anexo(tx: &mut TenantTx, id: &str) -> Result<AnexoProposicao, WebError> {
    anexos::por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

/// The file, for the secretaria (never cached).
pub(super) async fn baixar(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let a = anexo(&mut tx, &id).await?;
    tx.commit().await?;
    crate::areas::proposicoes::arquivos::servir(&state, &current, &a, "private, no-store").await
}

impl super::Destrutiva for AnexoProposicao {
    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        anexos::por_id(tx, id).await
    }

    async fn confirmacao(&self, _: &mut TenantTx, shell: Shell) -> Result<Confirmacao, WebError> {
        Ok(Confirmacao::new(
            shell,
            "Excluir anexo",
            format!(
                "O anexo \"{}\" ({}) será retirado da proposição. Esta ação não pode ser desfeita.",
                self.titulo, self.nome_arquivo
            ),
            format!("/admin/proposicoes/anexos/{}/excluir", self.id),
            "Excluir anexo",
            format!("/admin/proposicoes/{}", self.proposicao_id),
        ))
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &Autor) -> store::Result<()> {
        anexos::remover(tx, autor, self.id).await.map(|_| ())
    }

    fn depois(&self) -> String {
        para_proposicao(self.proposicao_id, "anexo_excluido")
    }
}
