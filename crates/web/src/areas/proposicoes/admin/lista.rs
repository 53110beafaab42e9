//! The list of proposições with its filters, and the new proposição (numbered from its
//! tipo's counter by `store::proposicoes::criar`).

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use domain::ValidationError;
use domain::proposicoes::{Regime, Situacao, TipoAutor};
use serde::Deserialize;
use store::TenantTx;
use store::comissoes::Comissao;
use store::proposicoes::editar::{self, Filtro, Linha, ler_assuntos, validar_textos};
use store::proposicoes::tipos::{self, TipoProposicao};
use store::proposicoes::{AutorNovo, NovaProposicao};
use time::Date;
use uuid::Uuid;

use super::{MENU, POR_PAGINA, Pares, concluir, gravar, para_proposicao};
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Query};
use crate::http::tenant::CurrentTenant;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{Erros, data, data_opt};
use crate::kit::shell::Shell;

#[derive(Deserialize, Default)]
pub(super) struct ListaQuery {
    tipo: Option<String>,
    ano: Option<String>,
    numero: Option<String>,
    situacao: Option<String>,
    texto: Option<String>,
    pagina: Option<i64>,
    aviso: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "proposicoes/admin/lista.html")]
pub(super) struct ListaPage {
    shell: Shell,
    linhas: Vec<Linha>,
    tipos: Vec<TipoProposicao>,
    situacoes: &'static [Situacao],
    tipo: String,
    ano: String,
    numero: String,
    situacao: String,
    texto: String,
    pagina: i64,
    paginas: i64,
    total: i64,
    query_base: String,
    aviso: Option<&'static str>,
}

pub(super) async fn lista(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<ListaQuery>,
) -> Result<ListaPage, WebError> {
    let t = |o: &Option<String>| o.as_deref().map(str::trim).unwrap_or("").to_owned();
    let (tipo, ano, numero, situacao, texto) = (
        t(&q.tipo),
        t(&q.ano),
        t(&q.numero),
        t(&q.situacao),
        t(&q.texto),
    );
    let filtro = Filtro {
        tipo_id: tipo.parse().ok(),
        ano: ano.parse().ok(),
        numero: numero.parse().ok(),
        situacao: Situacao::parse(&situacao),
        texto: (!texto.is_empty()).then(|| texto.clone()),
    };
    let pagina = q.pagina.unwrap_or(1).clamp(1, 100_000);
    let (linhas, total) =
        editar::listar(&mut tx, &filtro, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let query_base = form_urlencoded::Serializer::new(String::new())
        .append_pair("tipo", &tipo)
        .append_pair("ano", &ano)
        .append_pair("numero", &numero)
        .append_pair("situacao", &situacao)
        .append_pair("texto", &texto)
        .finish();
    Ok(ListaPage {
        shell: Shell::new(&current, &logado, MENU),
        linhas,
        tipos: tipos::listar(&mut tx).await?,
        situacoes: Situacao::ALL,
        tipo,
        ano,
        numero,
        situacao,
        texto,
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        query_base,
        aviso: (q.aviso.as_deref() == Some("excluida"))
            .then_some("Proposição excluída; o número voltou à numeração."),
    })
}

/// The field of each autor row, for its message.
const CAMPOS_AUTOR: [&str; 4] = ["autor_0", "autor_1", "autor_2", "autor_3"];

/// One autor row of a form as typed (`i` 0 is the primeiro autor).
#[derive(Debug, Clone, Default)]
pub(super) struct LinhaAutor {
    pub(super) i: usize,
    pub(super) tipo: String,
    pub(super) parlamentar: String,
    pub(super) comissao: String,
    pub(super) nome: String,
    pub(super) data: String,
}

impl LinhaAutor {
    pub(super) fn ler(p: &Pares, i: usize, prefixo: &str) -> Self {
        let k = |c: &str| p.um(&format!("{prefixo}{c}"));
        Self {
            i,
            tipo: k("tipo"),
            parlamentar: k("parlamentar"),
            comissao: k("comissao"),
            nome: k("nome"),
            data: k("data"),
        }
    }

    fn vazia(&self) -> bool {
        [&self.parlamentar, &self.comissao, &self.nome]
            .iter()
            .all(|s| s.trim().is_empty())
    }

    /// The autor, or its messages (under `campo`); `padrao` is the date when none is typed.
    pub(super) fn validar(
        &self,
        campo: &'static str,
        padrao: Date,
        e: &mut Erros,
    ) -> Option<AutorNovo> {
        let quem = if self.i == 0 {
            "do primeiro autor"
        } else {
            "do coautor"
        };
        let Some(tipo) = TipoAutor::parse(&self.tipo) else {
            e.push(ValidationError::new(
                campo,
                format!("Escolha o tipo {quem}."),
            ));
            return None;
        };
        let id = |s: &str| s.trim().parse::<Uuid>().ok();
        let (parlamentar_id, comissao_id, nome) = match tipo {
            TipoAutor::Parlamentar => (id(&self.parlamentar), None, String::new()),
            TipoAutor::Comissao => (None, id(&self.comissao), String::new()),
            _ => (None, None, self.nome.trim().to_owned()),
        };
        let falta = match tipo {
            TipoAutor::Parlamentar if parlamentar_id.is_none() => {
                Some(format!("Escolha o parlamentar {quem}."))
            }
            TipoAutor::Comissao if comissao_id.is_none() => {
                Some(format!("Escolha a comissão {quem}."))
            }
            TipoAutor::Parlamentar | TipoAutor::Comissao => None,
            _ if nome.chars().count() < 2 || nome.chars().count() > 200 => {
                Some(format!("Informe o nome {quem} (de 2 a 200 caracteres)."))
            }
            _ => None,
        };
        if let Some(m) = falta {
            e.push(ValidationError::new(campo, m));
        }
        let subscrito_em = match data_opt(campo, &self.data) {
            Ok(d) => d.unwrap_or(padrao),
            Err(v) => {
                e.push(ValidationError::new(
                    campo,
                    format!("Data de subscrição {quem}: {}", v.message),
                ));
                return None;
            }
        };
        Some(AutorNovo {
            tipo,
            parlamentar_id,
            comissao_id,
            nome,
            subscrito_em,
        })
    }
}

/// The new proposição's form as typed.
#[derive(Debug, Clone, Default)]
pub(super) struct FormNova {
    pub(super) tipo_id: String,
    pub(super) apresentada_em: String,
    pub(super) ementa: String,
    pub(super) texto: String,
    pub(super) justificativa: String,
    pub(super) regime: String,
    pub(super) indexacao: String,
    pub(super) assuntos: String,
    pub(super) autores: Vec<LinhaAutor>,
}

impl FormNova {
    fn vazio(hoje: Date) -> Self {
        Self {
            apresentada_em: hoje.br(),
            regime: "ordinario".into(),
            autores: (0..CAMPOS_AUTOR.len())
                .map(|i| LinhaAutor {
                    i,
                    tipo: if i == 0 {
                        "parlamentar".into()
                    } else {
                        String::new()
                    },
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    fn ler(p: &Pares) -> Self {
        Self {
            tipo_id: p.um("tipo_id"),
            apresentada_em: p.um("apresentada_em"),
            ementa: p.um("ementa"),
            texto: p.um("texto"),
            justificativa: p.um("justificativa"),
            regime: p.um("regime"),
            indexacao: p.um("indexacao"),
            assuntos: p.um("assuntos"),
            autores: (0..CAMPOS_AUTOR.len())
                .map(|i| LinhaAutor::ler(p, i, &format!("autor_{i}_")))
                .collect(),
        }
    }

    /// The proposição and its indexação, or every message at once.
    fn validar(&self) -> Result<(NovaProposicao, String, Vec<String>), Erros> {
        let mut e = Erros::default();
        let tipo_id = e.campo(self.tipo_id.trim().parse::<Uuid>().map_err(|_| {
            ValidationError::new("tipo_id", "Escolha um tipo de proposição da lista.")
        }));
        let apresentada = e.campo(data("apresentada_em", &self.apresentada_em));
        for v in validar_textos(
            &self.ementa,
            &self.texto,
            &self.justificativa,
            &self.indexacao,
        ) {
            e.push(v);
        }
        let regime = e.campo(Regime::parse(&self.regime).ok_or_else(|| {
            ValidationError::new("regime", "Escolha um regime de tramitação da lista.")
        }));
        let assuntos = e.campo(ler_assuntos(&self.assuntos));
        let mut autores = Vec::new();
        for (l, campo) in self.autores.iter().zip(CAMPOS_AUTOR) {
            if l.i > 0 && l.vazia() {
                continue;
            }
            if let Some(a) = l.validar(campo, apresentada.unwrap_or(Date::MIN), &mut e) {
                autores.push(a);
            }
        }
        match (tipo_id, apresentada, regime, assuntos, e.vazio()) {
            (Some(tipo_id), Some(apresentada_em), Some(regime), Some(assuntos), true) => Ok((
                NovaProposicao {
                    tipo_id,
                    mae_id: None,
                    ementa: self.ementa.clone(),
                    texto: self.texto.clone(),
                    justificativa: self.justificativa.clone(),
                    regime,
                    apresentada_em,
                    autores,
                    descricao: String::new(),
                },
                self.indexacao.clone(),
                assuntos,
            )),
            _ => Err(e),
        }
    }
}

/// What the autor rows offer.
pub(super) struct OpcoesAutor {
    pub(super) tipos: &'static [TipoAutor],
    pub(super) parlamentares: Vec<(Uuid, String)>,
    pub(super) comissoes: Vec<Comissao>,
}

pub(super) async fn opcoes_autor(tx: &mut TenantTx) -> Result<OpcoesAutor, WebError> {
    Ok(OpcoesAutor {
        tipos: TipoAutor::ALL,
        parlamentares: store::composicao::opcoes(tx).await?,
        comissoes: store::comissoes::comissoes_ativas(tx).await?,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "proposicoes/admin/nova.html")]
pub(super) struct NovaPage {
    shell: Shell,
    tipos: Vec<TipoProposicao>,
    regimes: &'static [Regime],
    oa: OpcoesAutor,
    f: FormNova,
    erros: Erros,
}

impl NovaPage {
    fn erro(&self, campo: &str) -> &str {
        self.erros.de(campo).unwrap_or_default()
    }
}

async fn montar_nova(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    f: FormNova,
    erros: Erros,
) -> Result<NovaPage, WebError> {
    let tipos = tipos::listar(tx)
        .await?
        .into_iter()
        .filter(|t| t.ativo && !t.acessorio)
        .collect();
    Ok(NovaPage {
        shell: Shell::new(current, logado, MENU),
        tipos,
        regimes: Regime::ALL,
        oa: opcoes_autor(tx).await?,
        f,
        erros,
    })
}

pub(super) async fn nova(Admin(mut tx, current, logado): Admin) -> Result<NovaPage, WebError> {
    let hoje = store::camara::hoje(&mut tx).await?;
    montar_nova(
        &mut tx,
        &current,
        &logado,
        FormNova::vazio(hoje),
        Erros::default(),
    )
    .await
}

pub(super) async fn criar(
    Admin(mut tx, current, logado): Admin,
    Form(p): Form<Pares>,
) -> Result<Response, WebError> {
    let f = FormNova::ler(&p);
    let r = gravar(
        &mut tx,
        f.validar(),
        async |tx, (nova, indexacao, assuntos)| {
            editar::criar_registrada(tx, &logado.autor, &nova, &indexacao, &assuntos).await
        },
    )
    .await?;
    concluir(
        tx,
        r,
        |c| para_proposicao(c.id, "criada"),
        async |tx: &mut TenantTx, erros| montar_nova(tx, &current, &logado, f, erros).await,
    )
    .await
}
