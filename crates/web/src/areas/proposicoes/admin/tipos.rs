//! The tipos de proposição: the list with the new tipo's form, a tipo's page, deactivation
//! and the deletion of an unused one.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use domain::ValidationError;
use domain::proposicoes::{EscopoNumeracao, Quorum};
use serde::Deserialize;
use store::TenantTx;
use store::comissoes::Comissao;
use store::proposicoes::tipos::{self, DadosTipo, TipoProposicao};
use uuid::Uuid;

use super::{MENU, Pares, concluir, gravar};
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{Erros, id_de, redirecionar};
use crate::kit::shell::Shell;

/// The tipo's form as typed.
#[derive(Debug, Clone)]
pub(super) struct FormTipo {
    pub(super) sigla: String,
    pub(super) nome: String,
    pub(super) escopo: String,
    pub(super) vai_a_comissoes: bool,
    pub(super) comissoes: Vec<String>,
    pub(super) turnos: String,
    pub(super) quorum: [String; 3],
    pub(super) intersticio: String,
    pub(super) sancao: bool,
    pub(super) nominal: bool,
    pub(super) acessorio: bool,
    pub(super) ativo: bool,
    pub(super) ordem: String,
}

impl Default for FormTipo {
    fn default() -> Self {
        Self {
            sigla: String::new(),
            nome: String::new(),
            escopo: "ano".into(),
            vai_a_comissoes: true,
            comissoes: Vec::new(),
            turnos: "1".into(),
            quorum: std::array::from_fn(|_| "maioria_simples".to_owned()),
            intersticio: "0".into(),
            sancao: false,
            nominal: false,
            acessorio: false,
            ativo: true,
            ordem: "0".into(),
        }
    }
}

impl FormTipo {
    fn de(t: &TipoProposicao) -> Self {
        Self {
            sigla: t.sigla.clone(),
            nome: t.nome.clone(),
            escopo: t.escopo_numeracao.clone(),
            vai_a_comissoes: t.vai_a_comissoes,
            comissoes: t.comissoes.iter().map(Uuid::to_string).collect(),
            turnos: t.turnos.to_string(),
            quorum: std::array::from_fn(|i| {
                t.quorum
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| "maioria_simples".into())
            }),
            intersticio: t.intersticio_dias_uteis.to_string(),
            sancao: t.sancao,
            nominal: t.nominal_obrigatoria,
            acessorio: t.acessorio,
            ativo: t.ativo,
            ordem: t.ordem.to_string(),
        }
    }

    fn ler(p: &Pares) -> Self {
        Self {
            sigla: p.um("sigla"),
            nome: p.um("nome"),
            escopo: p.um("escopo_numeracao"),
            vai_a_comissoes: p.marcado("vai_a_comissoes"),
            comissoes: p.todos("comissoes"),
            turnos: p.um("turnos"),
            quorum: std::array::from_fn(|i| p.um(&format!("quorum_{}", i + 1))),
            intersticio: p.um("intersticio_dias_uteis"),
            sancao: p.marcado("sancao"),
            nominal: p.marcado("nominal_obrigatoria"),
            acessorio: p.marcado("acessorio"),
            ativo: p.marcado("ativo"),
            ordem: p.um("ordem"),
        }
    }

    /// The form read, or every field's message at once.
    fn validar(&self) -> Result<DadosTipo, Erros> {
        let mut e = Erros::default();
        let sigla = self.sigla.trim().to_uppercase();
        let sigla_ok = sigla.chars().count() <= 10
            && sigla.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && sigla
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !sigla_ok {
            e.push(ValidationError::new(
                "sigla",
                "A sigla deve ter de 1 a 10 letras maiúsculas ou números, começando por letra (ex.: PL).",
            ));
        }
        if !(3..=120).contains(&self.nome.trim().chars().count()) {
            e.push(ValidationError::new(
                "nome",
                "O nome do tipo deve ter de 3 a 120 caracteres.",
            ));
        }
        let escopo = e.campo(EscopoNumeracao::parse(&self.escopo).ok_or_else(|| {
            ValidationError::new(
                "escopo_numeracao",
                "Escolha uma forma de numeração da lista.",
            )
        }));
        let turnos = e.campo(
            self.turnos
                .trim()
                .parse::<i16>()
                .ok()
                .filter(|t| (1..=3).contains(t))
                .ok_or_else(|| {
                    ValidationError::new("turnos", "O número de turnos deve ser de 1 a 3.")
                }),
        );
        let mut quorum = Vec::new();
        for q in self.quorum.iter().take(turnos.map_or(0, |t| t as usize)) {
            match Quorum::parse(q) {
                Some(q) => quorum.push(q),
                None => {
                    e.push(ValidationError::new(
                        "quorum",
                        "Escolha o quórum de cada turno (um por turno).",
                    ));
                    break;
                }
            }
        }
        let numero = |campo: &'static str, s: &str, max: i32, msg: &str| {
            s.trim()
                .parse::<i32>()
                .ok()
                .filter(|n| (0..=max).contains(n))
                .ok_or_else(|| ValidationError::new(campo, msg))
        };
        let intersticio = e.campo(numero(
            "intersticio_dias_uteis",
            &self.intersticio,
            60,
            "O interstício deve ser de 0 a 60 dias úteis.",
        ));
        let ordem = e.campo(numero(
            "ordem",
            &self.ordem,
            1000,
            "A ordem deve ser um número de 0 a 1000.",
        ));
        let mut comissoes = Vec::new();
        if self.vai_a_comissoes {
            for c in self.comissoes.iter().filter(|c| !c.trim().is_empty()) {
                match c.trim().parse::<Uuid>() {
                    Ok(id) if !comissoes.contains(&id) => comissoes.push(id),
                    Ok(_) => {}
                    Err(_) => {
                        e.push(ValidationError::new(
                            "comissoes",
                            "Escolha as comissões da lista.",
                        ));
                        break;
                    }
                }
            }
        }
        match (escopo, turnos, intersticio, ordem, e.vazio()) {
            (Some(escopo_numeracao), Some(turnos), Some(i), Some(ordem), true) => Ok(DadosTipo {
                sigla,
                nome: self.nome.trim().to_owned(),
                escopo_numeracao,
                vai_a_comissoes: self.vai_a_comissoes,
                comissoes,
                turnos,
                quorum,
                intersticio_dias_uteis: i16::try_from(i).unwrap_or(0),
                sancao: self.sancao,
                nominal_obrigatoria: self.nominal,
                acessorio: self.acessorio,
                ativo: self.ativo,
                ordem,
            }),
            _ => Err(e),
        }
    }

    pub(super) fn tem_comissao(&self, id: &Uuid) -> bool {
        let id = id.to_string();
        self.comissoes.iter().any(|c| c.trim() == id)
    }

    pub(super) fn quorum_de(&self, turno: &usize) -> &str {
        self.quorum.get(turno - 1).map_or("", String::as_str)
    }
}

/// What the tipo form offers.
pub(super) struct Opcoes {
    pub(super) escopos: &'static [EscopoNumeracao],
    pub(super) quoruns: &'static [Quorum],
    pub(super) comissoes: Vec<Comissao>,
}

async fn opcoes(tx: &mut TenantTx) -> Result<Opcoes, WebError> {
    Ok(Opcoes {
        escopos: EscopoNumeracao::ALL,
        quoruns: Quorum::ALL,
        comissoes: store::comissoes::comissoes_ativas(tx).await?,
    })
}

#[derive(Deserialize, Default)]
pub(super) struct Aviso {
    aviso: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "proposicoes/admin/tipos.html")]
pub(super) struct ListaTipos {
    shell: Shell,
    tipos: Vec<TipoProposicao>,
    f: FormTipo,
    o: Opcoes,
    erros: Erros,
    aviso: Option<&'static str>,
}

impl ListaTipos {
    fn erro(&self, campo: &str) -> &str {
        self.erros.de(campo).unwrap_or_default()
    }
}

fn aviso(a: Option<&str>) -> Option<&'static str> {
    match a? {
        "criado" => Some("Tipo criado."),
        "salvo" => Some("Alterações salvas."),
        "desativado" => Some("Tipo desativado: não será oferecido a novas proposições."),
        "reativado" => Some("Tipo reativado."),
        "excluido" => Some("Tipo excluído."),
        _ => None,
    }
}

async fn montar_lista(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    f: FormTipo,
    erros: Erros,
    a: Option<&str>,
) -> Result<ListaTipos, WebError> {
    Ok(ListaTipos {
        shell: Shell::new(current, logado, MENU),
        tipos: tipos::listar(tx).await?,
        f,
        o: opcoes(tx).await?,
        erros,
        aviso: aviso(a),
    })
}

pub(super) async fn lista(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<Aviso>,
) -> Result<ListaTipos, WebError> {
    montar_lista(
        &mut tx,
        &current,
        &logado,
        FormTipo::default(),
        Erros::default(),
        q.aviso.as_deref(),
    )
    .await
}

pub(super) async fn criar(
    Admin(mut tx, current, logado): Admin,
    Form(p): Form<Pares>,
) -> Result<Response, WebError> {
    let f = FormTipo::ler(&p);
    let r = gravar(&mut tx, f.validar(), async |tx, d| {
        tipos::criar(tx, &logado.autor, &d).await
    })
    .await?;
    concluir(
        tx,
        r,
        |_| "/admin/proposicoes/tipos?aviso=criado".to_owned(),
        async |tx: &mut TenantTx, erros| montar_lista(tx, &current, &logado, f, erros, None).await,
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "proposicoes/admin/tipo.html")]
pub(super) struct PaginaTipo {
    shell: Shell,
    t: TipoProposicao,
    f: FormTipo,
    o: Opcoes,
    erros: Erros,
}

impl PaginaTipo {
    fn erro(&self, campo: &str) -> &str {
        self.erros.de(campo).unwrap_or_default()
    }
}

async fn alvo(tx: &mut TenantTx, id: &str) -> Result<TipoProposicao, WebError> {
    tipos::por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

async fn montar_tipo(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    t: TipoProposicao,
    f: Option<FormTipo>,
    erros: Erros,
) -> Result<PaginaTipo, WebError> {
    Ok(PaginaTipo {
        shell: Shell::new(current, logado, MENU),
        f: f.unwrap_or_else(|| FormTipo::de(&t)),
        t,
        o: opcoes(tx).await?,
        erros,
    })
}

pub(super) async fn pagina(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<PaginaTipo, WebError> {
    let t = alvo(&mut tx, &id).await?;
    montar_tipo(&mut tx, &current, &logado, t, None, Erros::default()).await
}

pub(super) async fn salvar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(p): Form<Pares>,
) -> Result<Response, WebError> {
    let t = alvo(&mut tx, &id).await?;
    let f = FormTipo::ler(&p);
    let r = gravar(&mut tx, f.validar(), async |tx, d| {
        tipos::editar(tx, &logado.autor, t.id, &d).await
    })
    .await?;
    concluir(
        tx,
        r,
        |()| "/admin/proposicoes/tipos?aviso=salvo".to_owned(),
        async |tx: &mut TenantTx, erros| {
            let t = alvo(tx, &id).await?;
            montar_tipo(tx, &current, &logado, t, Some(f), erros).await
        },
    )
    .await
}

/// Deactivates an active tipo, reactivates an inactive one.
pub(super) async fn ativo(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let t = alvo(&mut tx, &id).await?;
    tipos::definir_ativo(&mut tx, &logado.autor, t.id, !t.ativo).await?;
    tx.commit().await?;
    let a = if t.ativo { "desativado" } else { "reativado" };
    Ok(redirecionar(&format!("/admin/proposicoes/tipos?aviso={a}")))
}

impl super::Destrutiva for TipoProposicao {
    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        tipos::por_id(tx, id).await
    }

    async fn confirmacao(&self, _: &mut TenantTx, shell: Shell) -> Result<Confirmacao, WebError> {
        let c = Confirmacao::new(
            shell,
            "Excluir tipo de proposição",
            format!(
                "O tipo {} ({}) será excluído. Esta ação não pode ser desfeita.",
                self.sigla, self.nome
            ),
            format!("/admin/proposicoes/tipos/{}/excluir", self.id),
            "Excluir tipo",
            format!("/admin/proposicoes/tipos/{}", self.id),
        );
        Ok(match tipos::impedimento_exclusao(self) {
            Some(m) => c.impedida(m),
            None => c,
        })
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &store::auditoria::Autor) -> store::Result<()> {
        tipos::excluir(tx, autor, self.id).await
    }

    fn depois(&self) -> String {
        "/admin/proposicoes/tipos?aviso=excluido".into()
    }
}
