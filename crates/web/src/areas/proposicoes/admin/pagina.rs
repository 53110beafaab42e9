//! A proposição's page: what may be edited (texts, regime, indexação, assuntos — never the
//! situação, which follows the history), its autores, anexos and relacionadas, and the
//! history, read-only. Each form of the page comes back here with its own messages.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use domain::ValidationError;
use domain::proposicoes::Regime;
use serde::Deserialize;
use store::TenantTx;
use store::proposicoes::anexos::{self as anexos_store, AnexoProposicao};
use store::proposicoes::autores::{self as autores_store, Autoria};
use store::proposicoes::editar::{
    self, Edicao, EventoLinha, Proposicao, ler_assuntos, validar_textos,
};
use store::proposicoes::relacionadas::{self as rel_store, Relacao, TipoRelacao};
use uuid::Uuid;

use super::lista::{LinhaAutor, OpcoesAutor, opcoes_autor};
use super::{MENU, Pares, concluir, gravar, para_proposicao};
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::CurrentTenant;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{Erros, id_de, invalido};
use crate::kit::shell::Shell;

/// The edit form as typed.
#[derive(Debug, Clone, Default)]
pub(super) struct FormEdicao {
    pub(super) ementa: String,
    pub(super) texto: String,
    pub(super) justificativa: String,
    pub(super) regime: String,
    pub(super) indexacao: String,
    pub(super) assuntos: String,
}

impl FormEdicao {
    fn de(p: &Proposicao) -> Self {
        Self {
            ementa: p.ementa.clone(),
            texto: p.texto.clone(),
            justificativa: p.justificativa.clone(),
            regime: p.regime.clone(),
            indexacao: p.indexacao.clone(),
            assuntos: p.assuntos.join(", "),
        }
    }

    /// Only the fields it knows: a `situacao` (or anything else) sent along is ignored.
    fn ler(p: &Pares) -> Self {
        Self {
            ementa: p.um("ementa"),
            texto: p.um("texto"),
            justificativa: p.um("justificativa"),
            regime: p.um("regime"),
            indexacao: p.um("indexacao"),
            assuntos: p.um("assuntos"),
        }
    }

    fn validar(&self) -> Result<Edicao, Erros> {
        let mut e = Erros::de_lista(validar_textos(
            &self.ementa,
            &self.texto,
            &self.justificativa,
            &self.indexacao,
        ));
        let regime = e.campo(Regime::parse(&self.regime).ok_or_else(|| {
            ValidationError::new("regime", "Escolha um regime de tramitação da lista.")
        }));
        let assuntos = e.campo(ler_assuntos(&self.assuntos));
        match (regime, assuntos, e.vazio()) {
            (Some(regime), Some(assuntos), true) => Ok(Edicao {
                ementa: self.ementa.clone(),
                texto: self.texto.clone(),
                justificativa: self.justificativa.clone(),
                regime,
                indexacao: self.indexacao.clone(),
                assuntos,
            }),
            _ => Err(e),
        }
    }
}

/// The relation form as typed.
#[derive(Debug, Clone, Default)]
pub(super) struct FormRelacao {
    pub(super) tipo: String,
    pub(super) proposicao: String,
    pub(super) desde: String,
}

/// The part of the page a refused form belongs to, with its input and messages.
pub(super) enum Secao {
    Nenhuma,
    Edicao(FormEdicao, Erros),
    Autor(LinhaAutor, Erros),
    Anexo(crate::kit::anexo::FormAnexo),
    Relacao(FormRelacao, Erros),
}

#[derive(Template, WebTemplate)]
#[template(path = "proposicoes/admin/proposicao.html")]
pub(super) struct PaginaProposicao {
    shell: Shell,
    p: Proposicao,
    f: FormEdicao,
    regimes: &'static [Regime],
    autores: Vec<Autoria>,
    oa: OpcoesAutor,
    l: LinhaAutor,
    anexos: Vec<AnexoProposicao>,
    relacoes: Vec<Relacao>,
    tipos_relacao: &'static [TipoRelacao],
    rel: FormRelacao,
    historico: Vec<EventoLinha>,
    erros: Erros,
    erros_autor: Erros,
    anexo: crate::kit::anexo::FormAnexo,
    erros_relacao: Erros,
    aviso: Option<&'static str>,
}

impl PaginaProposicao {
    fn erro(&self, campo: &str) -> &str {
        self.erros.de(campo).unwrap_or_default()
    }

    fn tem_texto_integral(&self) -> bool {
        self.anexos.iter().any(|a| a.texto_integral)
    }
}

fn aviso(a: Option<&str>) -> Option<&'static str> {
    Some(match a? {
        "criada" => "Proposição protocolada.",
        "salva" => "Alterações salvas.",
        "autor" => "Autoria atualizada.",
        "anexo" => "Anexo enviado.",
        "anexo_excluido" => "Anexo excluído.",
        "relacao" => "Relação registrada.",
        "relacao_desfeita" => "Relação desfeita.",
        _ => return None,
    })
}

pub(super) async fn alvo(tx: &mut TenantTx, id: &str) -> Result<Proposicao, WebError> {
    editar::por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

/// The page, built in `tx` (the request's own transaction, also after a refused write).
pub(super) async fn montar(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
    secao: Secao,
    a: Option<&str>,
) -> Result<PaginaProposicao, WebError> {
    let p = editar::por_id(tx, id).await?.ok_or(WebError::NotFound)?;
    let mut pg = PaginaProposicao {
        shell: Shell::new(current, logado, MENU),
        f: FormEdicao::de(&p),
        regimes: Regime::ALL,
        autores: autores_store::listar(tx, id).await?,
        oa: opcoes_autor(tx).await?,
        l: LinhaAutor {
            i: 1,
            tipo: "parlamentar".into(),
            ..Default::default()
        },
        anexos: anexos_store::listar(tx, id).await?,
        relacoes: rel_store::listar(tx, id).await?,
        tipos_relacao: TipoRelacao::ALL,
        rel: FormRelacao {
            tipo: "anexada".into(),
            desde: store::camara::hoje(tx).await?.br(),
            ..Default::default()
        },
        historico: editar::historico(tx, id).await?,
        p,
        erros: Erros::default(),
        erros_autor: Erros::default(),
        anexo: crate::kit::anexo::FormAnexo::default(),
        erros_relacao: Erros::default(),
        aviso: aviso(a),
    };
    match secao {
        Secao::Nenhuma => {}
        Secao::Edicao(f, e) => (pg.f, pg.erros) = (f, e),
        Secao::Autor(l, e) => (pg.l, pg.erros_autor) = (l, e),
        Secao::Anexo(a) => pg.anexo = a,
        Secao::Relacao(r, e) => (pg.rel, pg.erros_relacao) = (r, e),
    }
    Ok(pg)
}

/// The page again with a section's messages, 422.
pub(super) async fn de_novo(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
    secao: Secao,
) -> Result<Response, WebError> {
    Ok(invalido(
        montar(tx, current, logado, id, secao, None).await?,
    ))
}

#[derive(Deserialize, Default)]
pub(super) struct AvisoQuery {
    aviso: Option<String>,
}

pub(super) async fn pagina(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Query(q): Query<AvisoQuery>,
) -> Result<PaginaProposicao, WebError> {
    let p = alvo(&mut tx, &id).await?;
    montar(
        &mut tx,
        &current,
        &logado,
        p.id,
        Secao::Nenhuma,
        q.aviso.as_deref(),
    )
    .await
}

pub(super) async fn salvar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(pares): Form<Pares>,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let f = FormEdicao::ler(&pares);
    let r = gravar(&mut tx, f.validar(), async |tx, e| {
        editar::editar(tx, &logado.autor, p.id, &e).await
    })
    .await?;
    concluir(
        tx,
        r,
        |()| para_proposicao(p.id, "salva"),
        async |tx: &mut TenantTx, erros| {
            montar(tx, &current, &logado, p.id, Secao::Edicao(f, erros), None).await
        },
    )
    .await
}
