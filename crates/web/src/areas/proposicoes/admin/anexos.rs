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
use crate::http::corpo::{Envio, erro_multipart, texto_do_campo};
use crate::http::entrada::Path;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{Erros, id_de, redirecionar};
use crate::kit::shell::Shell;
use crate::state::AppState;

/// The upload as sent: title, whether it is the texto integral, and the file.
#[derive(Default)]
struct Recebido {
    titulo: String,
    texto_integral: bool,
    arquivo: Option<(String, Vec<u8>)>,
}

async fn ler(mp: &mut axum::extract::Multipart, erros: &mut Erros) -> Recebido {
    let mut out = Recebido::default();
    let falha = |e: axum::extract::multipart::MultipartError| {
        ValidationError::new(
            "arquivo",
            erro_multipart(&e, "O anexo deve ter no máximo 20 MB."),
        )
    };
    loop {
        let campo = match mp.next_field().await {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => {
                erros.push(falha(e));
                break;
            }
        };
        let nome = campo.name().unwrap_or_default().to_owned();
        let arquivo = campo.file_name().unwrap_or("anexo").to_owned();
        let bytes = match campo.bytes().await {
            Ok(b) => b,
            Err(e) => {
                erros.push(falha(e));
                break;
            }
        };
        match nome.as_str() {
            "arquivo" if !bytes.is_empty() => out.arquivo = Some((arquivo, bytes.to_vec())),
            "titulo" => match texto_do_campo(&bytes) {
                Ok(t) => out.titulo = t,
                Err(m) => erros.push(ValidationError::new("titulo", m)),
            },
            "texto_integral" => out.texto_integral = !bytes.is_empty(),
            _ => {}
        }
    }
    out
}

/// Receives an anexo (multipart: `titulo`, `arquivo`, `texto_integral`).
pub(super) async fn enviar(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Envio(mut mp): Envio,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    let e = ler(&mut mp, &mut erros).await;
    let titulo = erros.campo(anexos::validar_titulo_anexo(&e.titulo));
    let verificado = match e.arquivo {
        None => {
            erros.push(ValidationError::new(
                "arquivo",
                "Escolha o arquivo a anexar.",
            ));
            None
        }
        Some((nome, dados)) => erros.campo(
            tokio::task::spawn_blocking(move || {
                anexos::verificar_anexo(&nome, dados).map(|v| (nome, v))
            })
            .await
            .unwrap_or_else(|_| {
                Err(ValidationError::new(
                    "arquivo",
                    "Não foi possível ler o arquivo enviado.",
                ))
            }),
        ),
    };
    if let Some((_, v)) = &verificado
        && e.texto_integral
        && v.content_type != "application/pdf"
    {
        erros.push(ValidationError::new(
            "texto_integral",
            "O texto integral da proposição deve ser um PDF.",
        ));
    }
    let (Some(titulo), Some((nome, v)), true) = (titulo, verificado, erros.vazio()) else {
        return de_novo(&mut tx, &current, &logado, p.id, Secao::Anexo(erros)).await;
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
        texto_integral: e.texto_integral,
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
            let erros = Erros::do_store(e)?;
            de_novo(&mut tx, &current, &logado, p.id, Secao::Anexo(erros)).await
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
