//! The ata of a sessão, for the secretaria (`sessao.gerir`): created from the generated
//! draft, edited with a preview of the rendered text, regenerated (asked first), every saved
//! version listed; sent to a later sessão's pauta for approval (asked first, with the
//! sessão to choose), published once approved (asked first), and rectified with a motivo
//! after the approval. Every write posts and redirects back (PRG); the store audits it.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::TenantTx;
use store::sessoes_plenarias::ata::documento::{self as doc, Ata, VersaoAta};
use store::sessoes_plenarias::{self as sp, SessaoPlenaria, StatusSessao};

use domain::sessoes_plenarias::ata::estado;

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::{Confirmacao, Escolha};
use crate::kit::formulario::{Erros, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

/// The ata's page: the draft (before the ata exists), the editor with its preview, the
/// text, the state and the history.
#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/ata.html")]
pub(super) struct AtaPagina {
    shell: Shell,
    s: SessaoPlenaria,
    ata: Option<Ata>,
    /// The generated draft (no ata yet) or the text in the editor.
    texto: String,
    /// The rendered preview of `texto` (HTML, sanitized).
    previa: Option<String>,
    versoes: Vec<VersaoAta>,
    erros: Erros,
    /// A sessão that was held gets an ata.
    realizada: bool,
}

impl AtaPagina {
    fn editavel(&self) -> bool {
        self.ata.as_ref().is_some_and(|a| a.status().editavel())
    }
    fn impedimento(&self) -> Option<&'static str> {
        self.ata
            .as_ref()
            .and_then(|a| a.status().impedimento_edicao())
    }
}

async fn pagina(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    sessao_id: uuid::Uuid,
    texto: Option<String>,
    previa: bool,
    erros: Erros,
) -> Result<AtaPagina, WebError> {
    let s = sp::por_id(tx, sessao_id).await?.ok_or(WebError::NotFound)?;
    let ata = doc::da_sessao(tx, sessao_id).await?;
    let versoes = match &ata {
        Some(a) => doc::versoes(tx, a.id).await?,
        None => Vec::new(),
    };
    let texto = match (texto, &ata) {
        (Some(t), _) => t,
        (None, Some(a)) => a.texto.clone(),
        (None, None) => sp::ata::rascunho(tx, sessao_id).await?,
    };
    let previa = previa.then(|| domain::texto::markdown_seguro(&texto));
    Ok(AtaPagina {
        shell: Shell::new(current, logado, "/admin/sessoes"),
        realizada: !matches!(s.status, StatusSessao::Agendada | StatusSessao::Cancelada),
        s,
        ata,
        texto,
        previa,
        versoes,
        erros,
    })
}

pub(super) async fn ata_ver(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<AtaPagina, WebError> {
    let id = id_de(&id)?;
    let p = pagina(
        &mut tx,
        &current,
        &logado,
        id,
        None,
        false,
        Erros::default(),
    )
    .await?;
    tx.commit().await?;
    Ok(p)
}

#[derive(Deserialize, Default)]
pub(super) struct AtaForm {
    #[serde(default)]
    acao: String,
    #[serde(default)]
    texto: String,
    #[serde(default)]
    motivo: String,
    #[serde(default)]
    sessao_destino: String,
}

/// Creates the ata (`acao=criar`), shows the preview of the typed text (`previa`, nothing
/// saved) or saves it as a new version (`salvar`).
pub(super) async fn ata_salvar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<AtaForm>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    let volta = format!("/admin/sessoes/{id}/ata");
    let r = match f.acao.as_str() {
        "criar" => {
            tx.tentar(async |tx| doc::criar(tx, &logado.autor, id).await)
                .await
        }
        "previa" => {
            let p = pagina(
                &mut tx,
                &current,
                &logado,
                id,
                Some(f.texto),
                true,
                Erros::default(),
            )
            .await?;
            tx.commit().await?;
            return Ok(p.into_response());
        }
        "salvar" => {
            tx.tentar(async |tx| doc::salvar(tx, &logado.autor, id, &f.texto).await)
                .await
        }
        _ => return Err(WebError::NotFound),
    };
    match r {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&volta))
        }
        Err(e) => {
            let conflito = matches!(e, store::Error::Conflict(_));
            let erros = Erros::do_store(e)?;
            let texto = (f.acao == "salvar").then_some(f.texto);
            let p = pagina(&mut tx, &current, &logado, id, texto, false, erros).await?;
            Ok(if conflito {
                (axum::http::StatusCode::CONFLICT, p).into_response()
            } else {
                invalido(p)
            })
        }
    }
}

/// The confirmation pages of the ata's moves.
#[derive(Clone, Copy, PartialEq)]
enum Passo {
    Regenerar,
    Aprovacao,
    Publicar,
}

async fn confirmacao(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    sessao_id: uuid::Uuid,
    passo: Passo,
    f: &AtaForm,
) -> Result<Confirmacao, WebError> {
    let s = sp::por_id(tx, sessao_id).await?.ok_or(WebError::NotFound)?;
    let ata = doc::da_sessao(tx, sessao_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let voltar = format!("/admin/sessoes/{sessao_id}/ata");
    let shell = Shell::new(current, logado, "/admin/sessoes");
    let (titulo, texto, verbo, botao, impedimento) = match passo {
        Passo::Regenerar => (
            "Gerar a ata de novo",
            "O texto atual é substituído pelo gerado do que foi registrado na sessão (o atual fica no histórico).",
            "regenerar",
            "Gerar de novo",
            ata.status().impedimento_edicao(),
        ),
        Passo::Aprovacao => (
            "Levar a ata à aprovação",
            "A ata entra na pauta da sessão escolhida como o item \u{201c}Leitura e votação da ata\u{201d}; aprovada a votação, ela pode ser publicada. Até lá o texto não muda.",
            "aprovacao",
            "Incluir na pauta",
            ata.status()
                .impedimento_aprovacao()
                .or((s.status != StatusSessao::Encerrada)
                    .then_some("A ata vai à aprovação depois de encerrada a sessão.")),
        ),
        Passo::Publicar => (
            "Publicar a ata",
            "A ata aprovada passa a aparecer na página pública da sessão, em HTML e em PDF.",
            "publicar",
            "Publicar",
            ata.status().impedimento_publicacao(),
        ),
    };
    let mut c = Confirmacao::new(
        shell,
        format!("{titulo}: {}", s.titulo()),
        texto,
        format!("/admin/sessoes/{sessao_id}/ata/{verbo}"),
        botao,
        voltar,
    );
    if passo == Passo::Aprovacao {
        let opcoes = doc::sessoes_para_aprovacao(tx, &s)
            .await?
            .into_iter()
            .map(|d| (d.id.to_string(), format!("{} — {}", d.titulo(), d.data())))
            .collect();
        c = c.pedindo_escolha(Escolha {
            nome: "sessao_destino",
            rotulo: "Sessão em que a ata será lida e votada",
            opcoes,
            valor: f.sessao_destino.clone(),
        });
    }
    Ok(match impedimento {
        Some(p) => c.impedida(p),
        None => c,
    })
}

async fn passo_form(
    mut tx: TenantTx,
    current: CurrentTenant,
    logado: Logado,
    id: &str,
    passo: Passo,
) -> Result<Confirmacao, WebError> {
    let id = id_de(id)?;
    let c = confirmacao(&mut tx, &current, &logado, id, passo, &AtaForm::default()).await?;
    tx.commit().await?;
    Ok(c)
}

async fn passo_salvar(
    mut tx: TenantTx,
    current: CurrentTenant,
    logado: Logado,
    id: &str,
    passo: Passo,
    f: AtaForm,
) -> Result<Response, WebError> {
    let id = id_de(id)?;
    let a = &logado.autor;
    let r = match passo {
        Passo::Regenerar => tx.tentar(async |tx| doc::regenerar(tx, a, id).await).await,
        Passo::Aprovacao => {
            let destino = f.sessao_destino.trim().parse().ok();
            tx.tentar(async |tx| doc::enviar_para_aprovacao(tx, a, id, destino).await)
                .await
        }
        Passo::Publicar => tx.tentar(async |tx| doc::publicar(tx, a, id).await).await,
    };
    match r {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/sessoes/{id}/ata")))
        }
        Err(e) => {
            let c = confirmacao(&mut tx, &current, &logado, id, passo, &f).await?;
            match e {
                store::Error::Validation(_) => {
                    let erros = Erros::do_store(e)?;
                    Ok(invalido(c.com_erros(&erros)))
                }
                e => c.recusada(e),
            }
        }
    }
}

macro_rules! passos {
    ($($form:ident, $salvar:ident => $passo:expr;)*) => {$(
        pub(super) async fn $form(
            Tx(tx): Tx,
            current: CurrentTenant,
            logado: Logado,
            Path(id): Path<String>,
        ) -> Result<Confirmacao, WebError> {
            passo_form(tx, current, logado, &id, $passo).await
        }

        pub(super) async fn $salvar(
            Tx(tx): Tx,
            current: CurrentTenant,
            logado: Logado,
            Path(id): Path<String>,
            Form(f): Form<AtaForm>,
        ) -> Result<Response, WebError> {
            passo_salvar(tx, current, logado, &id, $passo, f).await
        }
    )*};
}

passos! {
    ata_regenerar_form, ata_regenerar => Passo::Regenerar;
    ata_aprovacao_form, ata_aprovacao => Passo::Aprovacao;
    ata_publicar_form, ata_publicar => Passo::Publicar;
}

/// The retificação of an approved ata: the corrected text and the motivo.
#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/ata_retificar.html")]
pub(super) struct Retificar {
    shell: Shell,
    s: SessaoPlenaria,
    impedimento: Option<&'static str>,
    texto: String,
    motivo: String,
    erros: Erros,
}

async fn retificar_pagina(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    sessao_id: uuid::Uuid,
    f: Option<AtaForm>,
    erros: Erros,
) -> Result<Retificar, WebError> {
    let s = sp::por_id(tx, sessao_id).await?.ok_or(WebError::NotFound)?;
    let ata = doc::da_sessao(tx, sessao_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let (texto, motivo) = match f {
        Some(f) => (f.texto, f.motivo),
        None => (ata.texto.clone(), String::new()),
    };
    Ok(Retificar {
        shell: Shell::new(current, logado, "/admin/sessoes"),
        s,
        impedimento: ata.status().impedimento_retificacao(),
        texto,
        motivo,
        erros,
    })
}

pub(super) async fn ata_retificar_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Retificar, WebError> {
    let id = id_de(&id)?;
    let p = retificar_pagina(&mut tx, &current, &logado, id, None, Erros::default()).await?;
    tx.commit().await?;
    Ok(p)
}

pub(super) async fn ata_retificar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<AtaForm>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    // Both fields checked at once, before the store is asked.
    let mut erros = Erros::default();
    if let Err(m) = estado::texto(&f.texto) {
        erros.push(domain::ValidationError::new("texto", m));
    }
    if let Err(m) = estado::motivo_retificacao(&f.motivo) {
        erros.push(domain::ValidationError::new("motivo", m));
    }
    if erros.vazio() {
        let a = &logado.autor;
        match tx
            .tentar(async |tx| doc::retificar(tx, a, id, &f.texto, &f.motivo).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/sessoes/{id}/ata")));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let p = retificar_pagina(&mut tx, &current, &logado, id, Some(f), erros).await?;
    Ok(invalido(p))
}
