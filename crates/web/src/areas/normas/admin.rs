//! The secretaria's normas: the list, the new norma and its page, each with the
//! articulated text pasted as plain text or Markdown and a preview of the parsed structure
//! (every dispositivo with its LexML id) before anything is saved.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use domain::ValidationError;
use serde::Deserialize;
use store::TenantTx;
use store::normas::consultas::{self, Norma};
use store::normas::tipos::{self, TipoNorma};
use store::normas::{self, Dados, Filtro, Vinculo, vinculos};
use uuid::Uuid;

use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::entrada::{Form, Path, Query};
use crate::kit::formato::DataBr;
use crate::kit::formulario::{
    Erros, br_opt, data, data_opt, id_de, inteiro_opt, invalido, redirecionar,
};
use crate::kit::shell::Shell;

pub(super) const MENU: &str = "/admin/normas";

#[derive(Deserialize, Default)]
pub(super) struct ListaQuery {
    texto: Option<String>,
    pagina: Option<i64>,
    aviso: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "normas/admin/lista.html")]
pub(super) struct ListaPage {
    shell: Shell,
    linhas: Vec<Norma>,
    texto: String,
    pagina: i64,
    paginas: i64,
    total: i64,
    aviso: Option<&'static str>,
}

pub(super) async fn lista(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<ListaQuery>,
) -> Result<ListaPage, WebError> {
    let texto = q.texto.as_deref().map(str::trim).unwrap_or("").to_owned();
    let pagina = q.pagina.unwrap_or(1).clamp(1, 100_000);
    let f = Filtro {
        texto: (!texto.is_empty()).then(|| texto.clone()),
        ..Default::default()
    };
    let (linhas, total) = normas::buscar(&mut tx, &f, pagina).await?;
    tx.commit().await?;
    let por = consultas::POR_PAGINA;
    Ok(ListaPage {
        shell: Shell::new(&current, &logado, MENU),
        linhas,
        texto,
        pagina,
        paginas: ((total + por - 1) / por).max(1),
        total,
        aviso: (q.aviso.as_deref() == Some("excluida")).then_some("Norma excluída."),
    })
}

/// The form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct FormNorma {
    pub(super) tipo_id: String,
    pub(super) numero: String,
    pub(super) data_assinatura: String,
    pub(super) ementa: String,
    pub(super) indexacao: String,
    pub(super) autoria: String,
    pub(super) texto: String,
    pub(super) proposicao: String,
    pub(super) publicacao_veiculo: String,
    pub(super) publicacao_data: String,
    pub(super) publicacao_edicao: String,
    pub(super) publicacao_pagina: String,
    pub(super) vigencia_inicio: String,
    pub(super) vigencia_fim: String,
    /// `previa` shows the parsed structure without saving.
    pub(super) acao: String,
}

/// One line of the preview: depth, LexML id, the line as rendered.
pub(super) struct LinhaPrevia {
    pub(super) nivel: usize,
    pub(super) id: String,
    pub(super) linha: String,
}

fn previa(texto: &domain::normas::Texto) -> Vec<LinhaPrevia> {
    texto
        .percorrer()
        .into_iter()
        .filter(|(_, d, _)| d.tipo != domain::normas::Tipo::Caput)
        .map(|(id, d, nivel)| LinhaPrevia {
            nivel,
            id,
            linha: if d.tipo.agrupador() {
                format!("{} {}", d.rotulo(), d.texto)
            } else {
                d.linha()
            },
        })
        .collect()
}

impl FormNorma {
    pub(super) fn de(n: &Norma, texto: String) -> Self {
        Self {
            tipo_id: n.tipo_id.to_string(),
            numero: n.numero.to_string(),
            data_assinatura: n.data_assinatura.br(),
            ementa: n.ementa.clone(),
            indexacao: n.indexacao.clone(),
            autoria: n.autoria.clone(),
            texto,
            proposicao: n.proposicao.clone().unwrap_or_default(),
            publicacao_veiculo: n.publicacao_veiculo.clone(),
            publicacao_data: br_opt(n.publicacao_data),
            publicacao_edicao: n.publicacao_edicao.clone(),
            publicacao_pagina: n.publicacao_pagina.clone(),
            vigencia_inicio: br_opt(n.vigencia_inicio),
            vigencia_fim: br_opt(n.vigencia_fim),
            acao: String::new(),
        }
    }
}

/// Reads the form: the data, or the messages (every field's at once), and the preview of
/// whatever text could be parsed.
async fn ler(
    tx: &mut TenantTx,
    f: &FormNorma,
) -> Result<(Result<Dados, Erros>, Vec<LinhaPrevia>), WebError> {
    let mut e = Erros::default();
    let tipo_id = e.campo(
        f.tipo_id
            .trim()
            .parse::<Uuid>()
            .map_err(|_| ValidationError::new("tipo_id", "Escolha um tipo de norma da lista.")),
    );
    let numero = e
        .campo(inteiro_opt(
            "numero",
            &f.numero,
            "O número deve ser um inteiro maior que zero (ou vazio, para o próximo).",
        ))
        .flatten();
    let data_assinatura = e.campo(data("data_assinatura", &f.data_assinatura));
    let ementa = f.ementa.trim();
    if !(10..=2000).contains(&ementa.chars().count()) {
        e.push(ValidationError::new(
            "ementa",
            "A ementa deve ter de 10 a 2.000 caracteres.",
        ));
    }
    let publicacao_data = e
        .campo(data_opt("publicacao_data", &f.publicacao_data))
        .flatten();
    let vigencia_inicio = e
        .campo(data_opt("vigencia_inicio", &f.vigencia_inicio))
        .flatten();
    let vigencia_fim = e.campo(data_opt("vigencia_fim", &f.vigencia_fim)).flatten();
    let mut linhas = Vec::new();
    match domain::normas::parse(&f.texto) {
        Ok(t) if t.dispositivos.is_empty() => e.push(ValidationError::new(
            "texto",
            "Cole o texto articulado: ao menos um artigo (\"Art. 1º …\").",
        )),
        Ok(t) => linhas = previa(&t),
        Err(erros) => {
            for x in erros {
                e.push(ValidationError::new("texto", x.mensagem));
            }
        }
    }
    let proposicao_id = match f.proposicao.trim() {
        "" => None,
        p => match proposicao_por_identificacao(tx, p).await? {
            Some(id) => Some(id),
            None => {
                e.push(ValidationError::new(
                    "proposicao",
                    format!("Proposição \"{p}\" não encontrada. Use a sigla, o número e o ano (ex.: PL 12/2026)."),
                ));
                None
            }
        },
    };
    let dados = match (tipo_id, data_assinatura, e.vazio()) {
        (Some(tipo_id), Some(data_assinatura), true) => Ok(Dados {
            tipo_id,
            numero,
            data_assinatura,
            ementa: ementa.to_owned(),
            indexacao: f.indexacao.clone(),
            autoria: f.autoria.clone(),
            texto: f.texto.clone(),
            proposicao_id,
            publicacao_veiculo: f.publicacao_veiculo.clone(),
            publicacao_data,
            publicacao_edicao: f.publicacao_edicao.clone(),
            publicacao_pagina: f.publicacao_pagina.clone(),
            vigencia_inicio,
            vigencia_fim,
        }),
        _ => Err(e),
    };
    Ok((dados, linhas))
}

/// "PL 12/2026" → the proposição's id.
async fn proposicao_por_identificacao(
    tx: &mut TenantTx,
    s: &str,
) -> Result<Option<Uuid>, WebError> {
    let Some((sigla, resto)) = s.split_once(' ') else {
        return Ok(None);
    };
    let Some((numero, ano)) = resto.trim().split_once('/') else {
        return Ok(None);
    };
    let (Ok(numero), Ok(ano)) = (numero.trim().parse::<i32>(), ano.trim().parse::<i32>()) else {
        return Ok(None);
    };
    Ok(
        store::proposicoes::consultas::por_identificacao(tx, ano, sigla.trim(), numero)
            .await?
            .map(|p| p.id),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "normas/admin/form.html")]
pub(super) struct FormPage {
    shell: Shell,
    tipos: Vec<TipoNorma>,
    f: FormNorma,
    erros: Erros,
    previa: Vec<LinhaPrevia>,
    /// `None` for a new norma.
    norma: Option<Norma>,
    feitos: Vec<Vinculo>,
    recebidos: Vec<Vinculo>,
    /// The normas a vínculo may point at.
    alvos: Vec<Norma>,
    tipos_vinculo: &'static [domain::normas::TipoVinculo],
    v: super::admin_vinculos::FormVinculo,
    aviso: Option<&'static str>,
}

impl FormPage {
    fn erro(&self, campo: &str) -> &str {
        self.erros.de(campo).unwrap_or("")
    }

    fn acao(&self) -> String {
        match &self.norma {
            Some(n) => format!("/admin/normas/{}", n.id),
            None => "/admin/normas".into(),
        }
    }
}

pub(super) async fn form_page(
    tx: &mut TenantTx,
    shell: Shell,
    f: FormNorma,
    erros: Erros,
    previa: Vec<LinhaPrevia>,
    norma: Option<Norma>,
    v: super::admin_vinculos::FormVinculo,
) -> Result<FormPage, WebError> {
    let (feitos, recebidos, alvos) = match &norma {
        Some(n) => {
            let (todas, _) = normas::buscar(tx, &Filtro::default(), 1).await?;
            (
                vinculos::feitos(tx, n.id).await?,
                vinculos::recebidos(tx, n.id).await?,
                todas.into_iter().filter(|x| x.id != n.id).collect(),
            )
        }
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    Ok(FormPage {
        shell,
        tipos: tipos::listar(tx).await?,
        f,
        erros,
        previa,
        norma,
        feitos,
        recebidos,
        alvos,
        tipos_vinculo: domain::normas::TipoVinculo::ALL,
        v,
        aviso: None,
    })
}

pub(super) async fn nova(Admin(mut tx, current, logado): Admin) -> Result<FormPage, WebError> {
    let shell = Shell::new(&current, &logado, MENU);
    let p = form_page(
        &mut tx,
        shell,
        FormNorma::default(),
        Erros::default(),
        Vec::new(),
        None,
        Default::default(),
    )
    .await?;
    tx.commit().await?;
    Ok(p)
}

pub(super) async fn criar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<FormNorma>,
) -> Result<Response, WebError> {
    let shell = Shell::new(&current, &logado, MENU);
    let (dados, linhas) = ler(&mut tx, &f).await?;
    let dados = match dados {
        Ok(d) if f.acao != "previa" => d,
        Ok(_) => {
            let p = form_page(
                &mut tx,
                shell,
                f,
                Erros::default(),
                linhas,
                None,
                Default::default(),
            )
            .await?;
            return Ok(axum::response::IntoResponse::into_response(p));
        }
        Err(e) => {
            let p = form_page(&mut tx, shell, f, e, linhas, None, Default::default()).await?;
            return Ok(invalido(p));
        }
    };
    let autor = logado.autor.clone();
    match tx
        .tentar(async |tx| normas::criar(tx, &autor, &dados).await)
        .await
    {
        Ok(id) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/normas/{id}?aviso=criada")))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            let p = form_page(&mut tx, shell, f, erros, linhas, None, Default::default()).await?;
            Ok(invalido(p))
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct PaginaQuery {
    aviso: Option<String>,
}

pub(super) async fn pagina(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Query(q): Query<PaginaQuery>,
) -> Result<FormPage, WebError> {
    let id = id_de(&id)?;
    let n = consultas::norma(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let texto = consultas::texto(&mut tx, &n).await?.renderizar();
    let shell = Shell::new(&current, &logado, MENU);
    let f = FormNorma::de(&n, texto);
    let mut p = form_page(
        &mut tx,
        shell,
        f,
        Erros::default(),
        Vec::new(),
        Some(n),
        Default::default(),
    )
    .await?;
    p.aviso = match q.aviso.as_deref() {
        Some("criada") => Some("Norma registrada."),
        Some("salva") => Some("Alterações salvas."),
        Some("vinculo") => Some("Vínculo registrado."),
        _ => None,
    };
    tx.commit().await?;
    Ok(p)
}

pub(super) async fn salvar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(mut f): Form<FormNorma>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    let n = consultas::norma(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    // The tipo and the number are the norma's own; the form cannot change them.
    f.tipo_id = n.tipo_id.to_string();
    f.numero = n.numero.to_string();
    let shell = Shell::new(&current, &logado, MENU);
    let (dados, linhas) = ler(&mut tx, &f).await?;
    let dados = match dados {
        Ok(d) if f.acao != "previa" => d,
        Ok(_) => {
            let p = form_page(
                &mut tx,
                shell,
                f,
                Erros::default(),
                linhas,
                Some(n),
                Default::default(),
            )
            .await?;
            return Ok(axum::response::IntoResponse::into_response(p));
        }
        Err(e) => {
            let p = form_page(&mut tx, shell, f, e, linhas, Some(n), Default::default()).await?;
            return Ok(invalido(p));
        }
    };
    let autor = logado.autor.clone();
    match tx
        .tentar(async |tx| normas::editar(tx, &autor, id, &dados).await)
        .await
    {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/normas/{id}?aviso=salva")))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            let p = form_page(
                &mut tx,
                shell,
                f,
                erros,
                linhas,
                Some(n),
                Default::default(),
            )
            .await?;
            Ok(invalido(p))
        }
    }
}
