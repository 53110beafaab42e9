//! The autógrafos (permission `norma.gerir`): the list with each one's state and prazo,
//! the new autógrafo of an approved proposição, and the page of one with its history and
//! the forms of the next possible steps only (the steps themselves: `admin_passos`).

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use domain::ValidationError;
use domain::normas::sancao::{self, EstadoAutografo, Origem, Promulgador};
use serde::Deserialize;
use store::TenantTx;
use store::normas::autografos::{self, NovoAutografo, Quadro};
use store::normas::tipos::{self, TipoNorma};
use time::Date;
use uuid::Uuid;

use super::admin_passos::FormPasso;
use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::entrada::{Form, Path, Query};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{Erros, data, escolha, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

pub(super) const MENU: &str = "/admin/normas";

/// "vence em dd/mm/aaaa", "vence hoje" or "vencido em dd/mm/aaaa".
pub(crate) fn prazo_texto(prazo: Date, hoje: Date) -> String {
    if prazo < hoje {
        format!("vencido em {}", prazo.br())
    } else if prazo == hoje {
        "vence hoje".to_owned()
    } else {
        format!("vence em {}", prazo.br())
    }
}

#[derive(Deserialize, Default)]
pub(super) struct AvisoQuery {
    aviso: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "normas/admin/autografos.html")]
pub(super) struct ListaPage {
    shell: Shell,
    linhas: Vec<Quadro>,
    hoje: Date,
}

impl ListaPage {
    fn prazo(&self, q: &Quadro) -> String {
        q.prazo()
            .map(|p| prazo_texto(p, self.hoje))
            .unwrap_or_else(|| "—".to_owned())
    }
}

pub(super) async fn lista(Admin(mut tx, current, logado): Admin) -> Result<ListaPage, WebError> {
    let hoje = store::camara::hoje(&mut tx).await?;
    let cal = store::calendario::calendario(&mut tx).await?;
    let linhas = autografos::listar(&mut tx, &cal, hoje).await?;
    tx.commit().await?;
    Ok(ListaPage {
        shell: Shell::new(&current, &logado, MENU),
        linhas,
        hoje,
    })
}

/// The new autógrafo's form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct FormAutografo {
    proposicao_id: String,
    tipo_norma_id: String,
    texto: String,
    enviado_em: String,
    recebido_em: String,
    /// "1" on the confirmation page's post.
    confirmado: String,
}

impl FormAutografo {
    /// The fields the confirmation page posts again, as typed.
    fn campos(&self) -> Vec<(String, String)> {
        [
            ("proposicao_id", &self.proposicao_id),
            ("tipo_norma_id", &self.tipo_norma_id),
            ("texto", &self.texto),
            ("enviado_em", &self.enviado_em),
            ("recebido_em", &self.recebido_em),
            ("confirmado", &"1".to_owned()),
        ]
        .into_iter()
        .map(|(c, v)| (c.to_owned(), v.clone()))
        .collect()
    }

    fn validar(&self, mesa: bool) -> Result<NovoAutografo, Erros> {
        let mut e = Erros::default();
        let proposicao_id = e.campo(
            self.proposicao_id
                .trim()
                .parse::<Uuid>()
                .map_err(|_| ValidationError::new("proposicao_id", "Proposição inválida.")),
        );
        let tipo_norma_id = e.campo(escolha(
            "tipo_norma_id",
            &self.tipo_norma_id,
            "Escolha o tipo de norma que a proposição se tornará.",
        ));
        let (mut enviado_em, mut recebido_em) = (None, None);
        if !mesa {
            enviado_em = e.campo(data("enviado_em", &self.enviado_em));
            recebido_em = e.campo(data("recebido_em", &self.recebido_em));
        }
        if self.texto.trim().chars().count() < 10 {
            e.push(ValidationError::new(
                "texto",
                "Informe a redação final (o texto aprovado, artigo por artigo).",
            ));
        }
        match (proposicao_id, tipo_norma_id, e.vazio()) {
            (Some(proposicao_id), Some(tipo_norma_id), true) => Ok(NovoAutografo {
                proposicao_id,
                tipo_norma_id,
                texto: self.texto.clone(),
                enviado_em,
                recebido_em,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "normas/admin/autografo_novo.html")]
pub(super) struct NovoPage {
    shell: Shell,
    proposicao: store::proposicoes::editar::Proposicao,
    mesa: bool,
    tipos: Vec<TipoNorma>,
    f: FormAutografo,
    erros: Erros,
}

impl NovoPage {
    fn erro(&self, campo: &str) -> &str {
        self.erros.de(campo).unwrap_or_default()
    }
}

#[derive(Deserialize, Default)]
pub(super) struct NovoQuery {
    proposicao: Option<String>,
}

/// Whether the proposição's tipo goes to sanção (otherwise the Mesa promulgates).
async fn vai_a_sancao(
    tx: &mut TenantTx,
    p: &store::proposicoes::editar::Proposicao,
) -> Result<bool, WebError> {
    Ok(store::proposicoes::tipos::por_id(tx, p.tipo_id)
        .await?
        .is_some_and(|t| t.sancao))
}

async fn novo_page(
    tx: &mut TenantTx,
    shell: Shell,
    proposicao: store::proposicoes::editar::Proposicao,
    f: FormAutografo,
    erros: Erros,
) -> Result<NovoPage, WebError> {
    let mesa = !vai_a_sancao(tx, &proposicao).await?;
    let tipos = tipos::listar(tx).await?;
    Ok(NovoPage {
        shell,
        proposicao,
        mesa,
        tipos,
        f,
        erros,
    })
}

pub(super) async fn novo(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<NovoQuery>,
) -> Result<Response, WebError> {
    let id = id_de(q.proposicao.as_deref().unwrap_or(""))?;
    let p = store::proposicoes::editar::por_id(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    if let Some(a) = autografos::da_proposicao(&mut tx, p.id).await? {
        tx.commit().await?;
        return Ok(redirecionar(&format!("/admin/normas/autografos/{}", a.id)));
    }
    let hoje = store::camara::hoje(&mut tx).await?;
    let tipo = match sancao::sigla_norma(&p.sigla) {
        Some(s) => tipos::por_sigla(&mut tx, s)
            .await?
            .map(|t| t.id.to_string()),
        None => None,
    };
    let f = FormAutografo {
        proposicao_id: p.id.to_string(),
        tipo_norma_id: tipo.unwrap_or_default(),
        texto: p.texto.clone(),
        enviado_em: hoje.br(),
        recebido_em: String::new(),
        confirmado: String::new(),
    };
    let shell = Shell::new(&current, &logado, MENU);
    let page = novo_page(&mut tx, shell, p, f, Erros::default()).await?;
    tx.commit().await?;
    Ok(page.into_response())
}

pub(super) async fn criar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<FormAutografo>,
) -> Result<Response, WebError> {
    let id = id_de(&f.proposicao_id)?;
    let p = store::proposicoes::editar::por_id(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let mesa = !vai_a_sancao(&mut tx, &p).await?;
    let hoje = store::camara::hoje(&mut tx).await?;
    let autor = logado.autor.clone();
    if f.confirmado != "1" {
        let r = match f.validar(mesa) {
            Ok(n) => autografos::conferir(&mut tx, &n, hoje)
                .await
                .map(|_| n)
                .map_err(Erros::do_store),
            Err(e) => Err(Ok(e)),
        };
        return match r {
            Ok(n) => {
                let tipo = tipos::por_id(&mut tx, n.tipo_norma_id)
                    .await?
                    .map(|t| t.nome)
                    .unwrap_or_default();
                let texto = match (mesa, n.enviado_em, n.recebido_em) {
                    (false, Some(e), Some(r)) => format!(
                        "O autógrafo de {} ({tipo}) será registrado como enviado à sanção do Executivo em {}, recebido em {}: o prazo de 15 dias úteis para sanção ou veto corre desde o recebimento. A proposição passa a aguardar a sanção.",
                        p.identificacao(),
                        e.br(),
                        r.br()
                    ),
                    _ => format!(
                        "O autógrafo de {} ({tipo}) será expedido para promulgação pela Mesa.",
                        p.identificacao()
                    ),
                };
                let shell = Shell::new(&current, &logado, MENU);
                tx.commit().await?;
                Ok(Confirmacao::new(
                    shell,
                    format!("Autógrafo de {}", p.identificacao()),
                    format!("{texto} Este registro não pode ser desfeito."),
                    "/admin/normas/autografos",
                    "Confirmar o autógrafo",
                    format!("/admin/normas/autografos/novo?proposicao={}", p.id),
                )
                .com_campos(f.campos())
                .into_response())
            }
            Err(erros) => {
                let erros = erros?;
                let shell = Shell::new(&current, &logado, MENU);
                Ok(invalido(novo_page(&mut tx, shell, p, f, erros).await?))
            }
        };
    }
    let r = match f.validar(mesa) {
        Ok(n) => match tx
            .tentar(async |tx| autografos::criar(tx, &autor, &n, hoje).await)
            .await
        {
            Ok(id) => Ok(id),
            Err(e) => Err(Erros::do_store(e)?),
        },
        Err(e) => Err(e),
    };
    match r {
        Ok(a) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/normas/autografos/{a}?aviso=criado"
            )))
        }
        Err(erros) => {
            let shell = Shell::new(&current, &logado, MENU);
            Ok(invalido(novo_page(&mut tx, shell, p, f, erros).await?))
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "normas/admin/autografo.html")]
pub(super) struct Pagina {
    pub(super) shell: Shell,
    pub(super) q: Quadro,
    pub(super) hoje: Date,
    /// The autógrafo's dispositivos (LexML id and line), for the veto parcial.
    pub(super) dispositivos: Vec<(String, String)>,
    pub(super) sessoes: Vec<(Uuid, String)>,
    /// The form of a refused step (its estado says which), and its messages.
    pub(super) f: FormPasso,
    pub(super) erros: Erros,
    pub(super) aviso: Option<&'static str>,
}

impl Pagina {
    fn prazo_sancao(&self) -> String {
        self.q
            .prazo_sancao
            .map(|p| prazo_texto(p, self.hoje))
            .unwrap_or_default()
    }

    fn prazo_veto(&self) -> String {
        self.q
            .prazo_veto
            .map(|p| prazo_texto(p, self.hoje))
            .unwrap_or_default()
    }

    /// The value typed in `campo` of the form of `estado`, when that form was refused.
    fn valor(&self, estado: &EstadoAutografo, campo: &str) -> String {
        if self.f.estado != estado.as_str() {
            return String::new();
        }
        self.f.valor(campo)
    }

    fn erro(&self, estado: &EstadoAutografo, campo: &str) -> &str {
        if self.f.estado != estado.as_str() {
            return "";
        }
        self.erros.de(campo).unwrap_or_default()
    }

    fn pede_veto(&self, e: &EstadoAutografo) -> bool {
        matches!(
            e,
            EstadoAutografo::SancionadoParcialmente | EstadoAutografo::Vetado
        )
    }

    fn deliberacao(&self, e: &EstadoAutografo) -> bool {
        matches!(
            e,
            EstadoAutografo::VetoMantido | EstadoAutografo::VetoDerrubado
        )
    }

    /// Whether a promulgação is due after a sanção tácita or a derrubada (the Prefeito's,
    /// the Presidente's or the Vice-Presidente's: the form asks which).
    fn tacita(&self) -> bool {
        self.q.promulgacao.is_some()
    }

    /// The promulgador's option: its value, label, and whether it is the one chosen (as
    /// typed, else the one due today).
    fn promulgadores(&self) -> Vec<(&'static str, String, bool)> {
        let escolhido = match self.valor(&EstadoAutografo::Promulgado, "promulgador") {
            v if !v.is_empty() => v,
            _ => self
                .q
                .promulgacao
                .map(|(p, _, _)| p.as_str().to_owned())
                .unwrap_or_default(),
        };
        let q = &self.q;
        let inicio =
            store::normas::autografos::inicio_promulgacao(q.estado, q.prazo_sancao, &q.passos)
                .map(|(d, _)| d);
        let um_dia = time::Duration::days(1);
        let prefeito_ate = inicio.map(|d| sancao::promulgacao_devida(d, d).1);
        let presidente_ate = prefeito_ate
            .zip(inicio)
            .map(|(p, d)| sancao::promulgacao_devida(d, p + um_dia).1);
        let br = |d: Option<time::Date>| d.map(|d| d.br()).unwrap_or_default();
        [
            Promulgador::Prefeito,
            Promulgador::Presidente,
            Promulgador::VicePresidente,
        ]
        .into_iter()
        .map(|p| {
            let rotulo = match p {
                Promulgador::Prefeito => format!("O Prefeito (até {})", br(prefeito_ate)),
                Promulgador::Presidente => format!(
                    "O Presidente da Câmara (de {} a {})",
                    br(prefeito_ate.map(|d| d + um_dia)),
                    br(presidente_ate)
                ),
                _ => format!(
                    "O Vice-Presidente da Câmara (a partir de {})",
                    br(presidente_ate.map(|d| d + um_dia))
                ),
            };
            (p.as_str(), rotulo, p.as_str() == escolhido)
        })
        .collect()
    }

    fn promulgacao_devida(&self) -> String {
        match (self.q.promulgacao_devida(), self.q.promulgacao) {
            (Some(o), Some((_, ate, _))) => format!("{o}: {}", prazo_texto(ate, self.hoje)),
            _ => String::new(),
        }
    }

    /// The promulgação's form after a sanção tácita asks who promulgates.
    fn pede_promulgador(&self, e: &EstadoAutografo) -> bool {
        *e == EstadoAutografo::Promulgado && self.tacita()
    }

    fn parcial(&self, e: &EstadoAutografo) -> bool {
        *e == EstadoAutografo::SancionadoParcialmente
    }

    fn botao(&self, e: &EstadoAutografo) -> &'static str {
        match e {
            EstadoAutografo::Sancionado => "Registrar a sanção",
            EstadoAutografo::SancionadoParcialmente => "Registrar a sanção com veto parcial",
            EstadoAutografo::Vetado => "Registrar o veto total",
            EstadoAutografo::VetoMantido => "Registrar a manutenção do veto",
            EstadoAutografo::VetoDerrubado => "Registrar a derrubada do veto",
            EstadoAutografo::Promulgado => "Registrar a promulgação",
            _ => "Registrar",
        }
    }

    fn titulo(&self, e: &EstadoAutografo) -> &'static str {
        match e {
            EstadoAutografo::Sancionado => "Sanção total",
            EstadoAutografo::SancionadoParcialmente => "Sanção com veto parcial",
            EstadoAutografo::Vetado => "Veto total",
            EstadoAutografo::VetoMantido => "Veto mantido",
            EstadoAutografo::VetoDerrubado => "Veto derrubado",
            EstadoAutografo::Promulgado if self.q.autografo.mesa => "Promulgação pela Mesa",
            EstadoAutografo::Promulgado => match self.q.promulgacao {
                Some((_, _, Origem::Derrubada)) => "Promulgação após a derrubada do veto",
                _ => "Promulgação após a sanção tácita",
            },
            _ => "",
        }
    }
}

/// The page of autógrafo `id`, with a refused step's form and messages, if any.
pub(super) async fn montar(
    tx: &mut TenantTx,
    shell: Shell,
    id: Uuid,
    f: FormPasso,
    erros: Erros,
    aviso: Option<&'static str>,
) -> Result<Pagina, WebError> {
    let a = autografos::por_id(tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let hoje = store::camara::hoje(tx).await?;
    let cal = store::calendario::calendario(tx).await?;
    let q = autografos::quadro(tx, a, &cal, hoje).await?;
    let dispositivos = domain::normas::parse(&q.autografo.texto)
        .map(|t| {
            t.percorrer()
                .into_iter()
                .filter(|(_, d, _)| {
                    matches!(
                        d.tipo,
                        domain::normas::Tipo::Artigo
                            | domain::normas::Tipo::Paragrafo
                            | domain::normas::Tipo::Inciso
                            | domain::normas::Tipo::Alinea
                    )
                })
                .map(|(id, d, _)| {
                    let linha = if d.tipo == domain::normas::Tipo::Artigo {
                        d.filhos
                            .first()
                            .map(|c| c.texto.clone())
                            .unwrap_or_default()
                    } else {
                        d.texto.clone()
                    };
                    (id, format!("{} {}", d.rotulo(), linha))
                })
                .collect()
        })
        .unwrap_or_default();
    let sessoes = autografos::sessoes_recentes(tx).await?;
    Ok(Pagina {
        shell,
        q,
        hoje,
        dispositivos,
        sessoes,
        f,
        erros,
        aviso,
    })
}

pub(super) async fn pagina(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Query(q): Query<AvisoQuery>,
) -> Result<Pagina, WebError> {
    let id = id_de(&id)?;
    let aviso = match q.aviso.as_deref() {
        Some("criado") => Some("Autógrafo registrado."),
        Some("passo") => Some("Passo registrado."),
        _ => None,
    };
    let shell = Shell::new(&current, &logado, MENU);
    let p = montar(
        &mut tx,
        shell,
        id,
        FormPasso::default(),
        Erros::default(),
        aviso,
    )
    .await?;
    tx.commit().await?;
    Ok(p)
}
