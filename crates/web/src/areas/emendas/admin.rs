//! The admin of the emendas of one proposição.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use domain::ValidationError;
use domain::emendas::TipoEmenda;
use domain::proposicoes::TipoAutor;
use store::TenantTx;
use store::camara;
use store::comissoes::distribuicao::{self, Resumo};
use store::comissoes::{self, Comissao};
use store::proposicoes::AutorNovo;
use store::proposicoes::emendas::{self, Emenda, NovaEmenda, VersaoTexto};
use uuid::Uuid;

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path};
use crate::http::tenant::CurrentTenant;
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{self, Erros, escolha, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

const MENU: &str = "/admin/comissoes";

fn campo<'a>(c: &'a [(String, String)], nome: &str) -> &'a str {
    c.iter()
        .find(|(k, _)| k == nome)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// The new emenda's form as typed.
#[derive(Default)]
pub(super) struct FormEmenda {
    tipo_id: String,
    tipo_emenda: String,
    emenda_id: String,
    autor: String,
    dispositivo: String,
    ementa: String,
    texto: String,
    justificativa: String,
    apresentada_em: String,
}

impl FormEmenda {
    fn de_campos(c: &[(String, String)]) -> Self {
        let f = |n| campo(c, n).to_owned();
        Self {
            tipo_id: f("tipo_id"),
            tipo_emenda: f("tipo_emenda"),
            emenda_id: f("emenda_id"),
            autor: f("autor"),
            dispositivo: f("dispositivo"),
            ementa: f("ementa"),
            texto: f("texto"),
            justificativa: f("justificativa"),
            apresentada_em: f("apresentada_em"),
        }
    }

    /// The emenda to create, or nothing with every problem in `erros`.
    fn nova(&self, mae_id: Uuid, erros: &mut Erros) -> Option<NovaEmenda> {
        let tipo_id = erros.campo(escolha(
            "tipo_id",
            &self.tipo_id,
            "Escolha emenda, subemenda ou substitutivo.",
        ));
        let tipo_emenda = TipoEmenda::parse(&self.tipo_emenda);
        if tipo_emenda.is_none() {
            erros.push(ValidationError::new(
                "tipo_emenda",
                "Escolha o tipo de emenda da lista.",
            ));
        }
        let emenda_id = match self.emenda_id.trim() {
            "" => Some(None),
            s => erros
                .campo(escolha("emenda_id", s, "Escolha a emenda da lista."))
                .map(Some),
        };
        let data = erros.campo(formulario::data("apresentada_em", &self.apresentada_em));
        let autor = match self.autor.split_once(':') {
            Some(("p", id)) => id
                .parse()
                .ok()
                .map(|id| (TipoAutor::Parlamentar, Some(id), None)),
            Some(("c", id)) => id
                .parse()
                .ok()
                .map(|id| (TipoAutor::Comissao, None, Some(id))),
            _ => None,
        };
        if autor.is_none() {
            erros.push(ValidationError::new(
                "autores",
                "Escolha o autor: um parlamentar ou uma comissão.",
            ));
        }
        let (tipo, parlamentar_id, comissao_id) = autor?;
        let subscrito_em = data?;
        Some(NovaEmenda {
            mae_id,
            tipo_id: tipo_id?,
            tipo_emenda: tipo_emenda?,
            emenda_id: emenda_id?,
            dispositivo: self.dispositivo.clone(),
            ementa: self.ementa.clone(),
            texto: self.texto.clone(),
            justificativa: self.justificativa.clone(),
            apresentada_em: subscrito_em,
            autores: vec![AutorNovo {
                tipo,
                parlamentar_id,
                comissao_id,
                nome: String::new(),
                subscrito_em,
            }],
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "emendas/admin/lista.html")]
pub(super) struct Lista {
    shell: Shell,
    p: Resumo,
    emendas: Vec<Emenda>,
    textos: Vec<VersaoTexto>,
    tipos: Vec<(Uuid, String, String)>,
    tipos_emenda: &'static [TipoEmenda],
    parlamentares: Vec<(Uuid, String)>,
    comissoes: Vec<Comissao>,
    erros: Erros,
    form: FormEmenda,
    erros_redacao: Erros,
    redacao: String,
}

async fn mae_alvo(tx: &mut TenantTx, id: &str) -> Result<Resumo, WebError> {
    distribuicao::resumo(tx, id_de(id)?)
        .await?
        .filter(|p| p.mae_id.is_none())
        .ok_or(WebError::NotFound)
}

async fn pagina_lista(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    p: Resumo,
) -> Result<Lista, WebError> {
    let hoje = camara::hoje(tx).await?;
    Ok(Lista {
        shell: Shell::new(current, logado, MENU),
        emendas: emendas::emendas_da_proposicao(tx, p.id).await?,
        textos: emendas::textos(tx, p.id).await?,
        tipos: emendas::tipos(tx).await?,
        tipos_emenda: TipoEmenda::ALL,
        parlamentares: store::composicao::opcoes(tx).await?,
        comissoes: comissoes::comissoes_ativas(tx).await?,
        erros: Erros::default(),
        form: FormEmenda {
            apresentada_em: hoje.br(),
            ..FormEmenda::default()
        },
        erros_redacao: Erros::default(),
        redacao: p.texto.clone(),
        p,
    })
}

pub(super) async fn lista(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Lista, WebError> {
    let p = mae_alvo(&mut tx, &id).await?;
    pagina_lista(&mut tx, &current, &logado, p).await
}

pub(super) async fn criar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(campos): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let p = mae_alvo(&mut tx, &id).await?;
    let form = FormEmenda::de_campos(&campos);
    let mut erros = Erros::default();
    if let (Some(n), true) = (form.nova(p.id, &mut erros), erros.vazio()) {
        match tx
            .tentar(async |tx| emendas::criar_emenda(tx, &logado.autor, &n).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!(
                    "/admin/emendas/proposicoes/{}",
                    p.id
                )));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina_lista(&mut tx, &current, &logado, p).await?;
    page.erros = erros;
    page.form = form;
    Ok(invalido(page))
}

pub(super) async fn redacao_final(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(campos): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let p = mae_alvo(&mut tx, &id).await?;
    let texto = campo(&campos, "texto").to_owned();
    match tx
        .tentar(async |tx| emendas::redacao_final(tx, &logado.autor, p.id, &texto).await)
        .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/emendas/proposicoes/{}",
                p.id
            )))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            let mut page = pagina_lista(&mut tx, &current, &logado, p).await?;
            page.erros_redacao = erros;
            page.redacao = texto;
            Ok(invalido(page))
        }
    }
}

// ---------------------------------------------------------------- one emenda

#[derive(Template, WebTemplate)]
#[template(path = "emendas/admin/emenda.html")]
pub(super) struct Pagina {
    shell: Shell,
    e: Emenda,
    mae: Resumo,
    erros: Erros,
    conclusao: String,
    texto: String,
}

async fn emenda_alvo(tx: &mut TenantTx, id: &str) -> Result<Emenda, WebError> {
    emendas::emenda(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

async fn pagina(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    e: Emenda,
) -> Result<Pagina, WebError> {
    Ok(Pagina {
        shell: Shell::new(current, logado, MENU),
        mae: distribuicao::resumo(tx, e.mae_id)
            .await?
            .ok_or(WebError::NotFound)?,
        erros: Erros::default(),
        conclusao: e.parecer_conclusao.clone().unwrap_or_default(),
        texto: e.parecer_texto.clone(),
        e,
    })
}

pub(super) async fn ver(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Pagina, WebError> {
    let e = emenda_alvo(&mut tx, &id).await?;
    pagina(&mut tx, &current, &logado, e).await
}

/// The comissão's opinion on the emenda: `conclusao` (favoravel, contrario) and `texto`.
pub(super) async fn parecer(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(campos): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let e = emenda_alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    let favoravel = match campo(&campos, "conclusao") {
        "favoravel" => Some(true),
        "contrario" => Some(false),
        _ => {
            erros.push(ValidationError::new(
                "parecer_conclusao",
                "Escolha favorável ou contrário.",
            ));
            None
        }
    };
    let texto = campo(&campos, "texto").to_owned();
    if let Some(favoravel) = favoravel {
        match tx
            .tentar(async |tx| {
                emendas::registrar_parecer(tx, &logado.autor, e.id, favoravel, &texto).await
            })
            .await
        {
            Ok(()) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/emendas/{}", e.id)));
            }
            Err(err) => erros = Erros::do_store(err)?,
        }
    }
    let mut page = pagina(&mut tx, &current, &logado, e).await?;
    page.erros = erros;
    page.conclusao = campo(&campos, "conclusao").to_owned();
    page.texto = texto;
    Ok(invalido(page))
}

fn confirmar(shell: Shell, e: &Emenda, aprovada: bool) -> Confirmacao {
    let (acao, botao, efeito) = if aprovada {
        (
            "aprovar",
            "Registrar aprovação",
            if e.especie == "substitutivo" {
                " Aprovado, o substitutivo passa a ser o texto da proposição (o texto anterior fica no histórico de versões)."
            } else {
                ""
            },
        )
    } else {
        ("rejeitar", "Registrar rejeição", "")
    };
    Confirmacao::new(
        shell,
        format!(
            "{}: {}",
            e.titulo(),
            if aprovada {
                "aprovação"
            } else {
                "rejeição"
            }
        ),
        format!(
            "O resultado de {} ({}) fica registrado no histórico e não pode ser alterado.{efeito}",
            e.titulo(),
            e.ementa
        ),
        format!("/admin/emendas/{}/{acao}", e.id),
        botao,
        format!("/admin/emendas/{}", e.id),
    )
}

async fn confirmar_resultado(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: &str,
    aprovada: bool,
) -> Result<Confirmacao, WebError> {
    let e = emenda_alvo(tx, id).await?;
    let c = confirmar(Shell::new(current, logado, MENU), &e, aprovada);
    Ok(if matches!(e.resultado_label(), "Aprovada" | "Rejeitada") {
        c.impedida("O resultado desta emenda já foi registrado.")
    } else {
        c
    })
}

async fn resultado(
    mut tx: TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: &str,
    aprovada: bool,
) -> Result<Response, WebError> {
    let e = emenda_alvo(&mut tx, id).await?;
    match tx
        .tentar(async |tx| emendas::registrar_resultado(tx, &logado.autor, e.id, aprovada).await)
        .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/emendas/{}", e.id)))
        }
        Err(err) => confirmar(Shell::new(current, logado, MENU), &e, aprovada).recusada(err),
    }
}

pub(super) async fn aprovar_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    confirmar_resultado(&mut tx, &current, &logado, &id, true).await
}

pub(super) async fn aprovar(
    Admin(tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    resultado(tx, &current, &logado, &id, true).await
}

pub(super) async fn rejeitar_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    confirmar_resultado(&mut tx, &current, &logado, &id, false).await
}

pub(super) async fn rejeitar(
    Admin(tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    resultado(tx, &current, &logado, &id, false).await
}
