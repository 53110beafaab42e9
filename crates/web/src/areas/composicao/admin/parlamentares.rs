//! The parlamentares: the admin list, the form (with the photo), the page and its actions.

use super::*;
use crate::kit::multiparte::{Multiparte, Retido};

#[derive(Deserialize, Default)]
pub(super) struct ListaQuery {
    pub(super) q: Option<String>,
    pub(super) ativo: Option<String>,
    pub(super) legislatura: Option<String>,
    pub(super) pagina: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/lista.html")]
pub(super) struct ListaPage {
    pub(super) shell: Shell,
    pub(super) parlamentares: Vec<ParlamentarLinha>,
    pub(super) legislaturas: Vec<Legislatura>,
    pub(super) q: String,
    pub(super) ativo: String,
    pub(super) legislatura: String,
    pub(super) pagina: i64,
    pub(super) paginas: i64,
    pub(super) total: i64,
    pub(super) query_base: String,
}

pub(super) async fn lista(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<ListaQuery>,
) -> Result<ListaPage, WebError> {
    let t = |o: &Option<String>| o.as_deref().map(str::trim).unwrap_or("").to_owned();
    let (busca, ativo, legislatura) = (t(&q.q), t(&q.ativo), t(&q.legislatura));
    let filtro = parl::FiltroParlamentares {
        busca: (!busca.is_empty()).then(|| busca.clone()),
        ativo: match ativo.as_str() {
            "sim" => Some(true),
            "nao" => Some(false),
            _ => None,
        },
        legislatura: legislatura.parse().ok(),
    };
    let hoje = store::camara::hoje(&mut tx).await?;
    let pagina = q.pagina.unwrap_or(1).max(1);
    let (parlamentares, total) = parl::listar_admin(
        &mut tx,
        &filtro,
        hoje,
        POR_PAGINA,
        (pagina - 1) * POR_PAGINA,
    )
    .await?;
    let legislaturas = parl::legislaturas(&mut tx, None, 200).await?;
    let query_base: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &busca)
        .append_pair("ativo", &ativo)
        .append_pair("legislatura", &legislatura)
        .finish();
    Ok(ListaPage {
        shell: Shell::new(&current, &logado, "/admin/parlamentares"),
        parlamentares,
        legislaturas,
        q: busca,
        ativo,
        legislatura,
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        query_base,
    })
}

/// The parlamentar form as typed.
#[derive(Debug, Clone, Default)]
pub(super) struct FormParlamentar {
    pub(super) nome_civil: String,
    pub(super) nome_parlamentar: String,
    pub(super) biografia: String,
    pub(super) email: String,
    pub(super) telefone: String,
    pub(super) cpf: String,
    pub(super) remover_cpf: bool,
    pub(super) gabinete_sala: String,
    pub(super) gabinete_telefone: String,
    pub(super) genero: String,
}

impl FormParlamentar {
    pub(super) fn de(p: &ParlamentarAdmin) -> Self {
        Self {
            nome_civil: p.nome_civil.clone(),
            nome_parlamentar: p.nome_parlamentar.clone(),
            biografia: p.biografia.clone(),
            email: p.email.clone(),
            telefone: p.telefone.clone(),
            cpf: String::new(),
            remover_cpf: false,
            gabinete_sala: p.gabinete_sala.clone(),
            gabinete_telefone: p.gabinete_telefone.clone(),
            genero: p.genero.clone().unwrap_or_default(),
        }
    }

    pub(super) fn dados(&self, editando: bool) -> DadosParlamentar {
        let cpf = self.cpf.trim();
        DadosParlamentar {
            nome_civil: self.nome_civil.clone(),
            nome_parlamentar: self.nome_parlamentar.clone(),
            biografia: self.biografia.clone(),
            email: self.email.clone(),
            telefone: self.telefone.clone(),
            cpf: if !cpf.is_empty() {
                Some(cpf.to_owned())
            } else if editando && self.remover_cpf {
                Some(String::new())
            } else {
                None
            },
            gabinete_sala: self.gabinete_sala.clone(),
            gabinete_telefone: self.gabinete_telefone.clone(),
            genero: self.genero.clone(),
        }
    }
}

pub(super) fn form_de_campos(c: &Multiparte) -> FormParlamentar {
    let g = |k: &str| c.campo(k).to_owned();
    FormParlamentar {
        nome_civil: g("nome_civil"),
        nome_parlamentar: g("nome_parlamentar"),
        biografia: g("biografia"),
        email: g("email"),
        telefone: g("telefone"),
        cpf: g("cpf"),
        remover_cpf: c.campos.iter().any(|(n, _)| n == "remover_cpf"),
        gabinete_sala: g("gabinete_sala"),
        gabinete_telefone: g("gabinete_telefone"),
        genero: g("genero"),
    }
}

/// A photo form's body too large.
const GRANDE: &str = "O arquivo deve ter no máximo 5 MB; reduza-o e envie de novo.";

/// Checks and re-encodes an uploaded photo off the async threads.
pub(super) async fn processar_foto(dados: Vec<u8>) -> Result<Vec<u8>, ValidationError> {
    match tokio::task::spawn_blocking(move || parl::processar_foto(&dados)).await {
        Ok(r) => r,
        Err(_) => Err(ValidationError::new(
            "foto",
            "Não foi possível ler a imagem enviada.",
        )),
    }
}

/// The form's photo: a new file, checked and converted (its refusal joins `erros`), or the
/// one kept from a refused try; with the name the browser gave.
async fn foto_do_envio(
    state: &AppState,
    tenant: i32,
    envio: &mut Multiparte,
    erros: &mut Vec<ValidationError>,
) -> Result<(Option<Vec<u8>>, String), WebError> {
    match envio.arquivo("foto") {
        Some(a) => match processar_foto(a.bytes).await {
            Ok(j) => Ok((Some(j), a.nome)),
            Err(v) => {
                erros.push(v);
                Ok((None, String::new()))
            }
        },
        None => Ok(
            match Retido::retomar(state.store.arquivos(), tenant, "foto", envio).await? {
                Some(a) => (Some(a.bytes), a.nome),
                None => (None, String::new()),
            },
        ),
    }
}

/// Keeps a good photo of a refused form for the next try.
async fn reter_foto(
    state: &AppState,
    tenant: i32,
    foto: Option<Vec<u8>>,
    nome: &str,
) -> Result<Option<Retido>, WebError> {
    let Some(j) = foto else { return Ok(None) };
    Ok(Some(
        Retido::guardar(state.store.arquivos(), tenant, "foto", "jpg", j, nome).await?,
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/novo.html")]
pub(super) struct NovoPage {
    pub(super) shell: Shell,
    pub(super) f: FormParlamentar,
    pub(super) erros: Erros,
    pub(super) cpf_mascarado: Option<String>,
    pub(super) foto: Option<String>,
    pub(super) acao: String,
    pub(super) retido: Option<Retido>,
    /// The phone fields' example, with the câmara's own area code.
    pub(super) exemplo_telefone: String,
}

/// The phone fields' example: the câmara's own area code, never another city's.
pub(super) async fn exemplo_telefone(
    tx: &mut TenantTx,
    current: &CurrentTenant,
) -> Result<String, WebError> {
    let telefones = store::camara::config(tx)
        .await?
        .map(|c| c.telefones)
        .unwrap_or_default();
    Ok(domain::documentos::exemplo_telefone(
        &telefones,
        &current.tenant.uf,
    ))
}

pub(super) async fn novo(Admin(mut tx, current, logado): Admin) -> Result<NovoPage, WebError> {
    Ok(NovoPage {
        acao: format!("/admin/parlamentares?_csrf={}", logado.sessao.csrf),
        shell: Shell::new(&current, &logado, "/admin/parlamentares"),
        f: FormParlamentar::default(),
        erros: Erros::default(),
        cpf_mascarado: None,
        foto: None,
        retido: None,
        exemplo_telefone: exemplo_telefone(&mut tx, &current).await?,
    })
}

pub(super) async fn criar(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    crate::http::corpo::Envio(mut mp): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let exemplo = exemplo_telefone(&mut tx, &current).await?;
    let page = |f: FormParlamentar, erros: Erros, retido: Option<Retido>| {
        invalido(NovoPage {
            exemplo_telefone: exemplo.clone(),
            acao: format!("/admin/parlamentares?_csrf={}", logado.sessao.csrf),
            shell: Shell::new(&current, &logado, "/admin/parlamentares"),
            f,
            erros,
            cpf_mascarado: None,
            foto: None,
            retido,
        })
    };
    let tenant = current.tenant.id;
    let mut envio = match Multiparte::ler(&mut mp, &["foto"], GRANDE).await {
        Ok(x) => x,
        Err(v) => {
            return Ok(page(
                FormParlamentar::default(),
                Erros::de_lista(vec![v]),
                None,
            ));
        }
    };
    let mut f = form_de_campos(&envio);
    let dados = f.dados(false);
    let mut erros = dados.validar().err().unwrap_or_default();
    let (foto, nome_foto) = foto_do_envio(&state, tenant, &mut envio, &mut erros).await?;
    if !erros.is_empty() {
        f.cpf.clear();
        let retido = reter_foto(&state, tenant, foto, &nome_foto).await?;
        return Ok(page(f, Erros::de_lista(erros), retido));
    }
    let criado = parl::criar_parlamentar_dados(&mut tx, &logado.autor, &dados).await;
    let id = match criado {
        Ok((id, _)) => id,
        Err(e) => {
            f.cpf.clear();
            let retido = reter_foto(&state, tenant, foto, &nome_foto).await?;
            return Ok(page(f, Erros::do_store(e)?, retido));
        }
    };
    if let Some(j) = foto {
        parl::definir_foto(&mut tx, &logado.autor, state.store.arquivos(), id, j).await?;
    }
    tx.commit().await?;
    Ok(redirecionar(&format!("/admin/parlamentares/{id}?salvo=1")))
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/pagina.html")]
pub(super) struct Pagina {
    pub(super) shell: Shell,
    pub(super) p: ParlamentarAdmin,
    pub(super) f: FormParlamentar,
    pub(super) erros: Erros,
    pub(super) cpf_mascarado: Option<String>,
    pub(super) foto: Option<String>,
    pub(super) acao: String,
    pub(super) salvo: bool,
    pub(super) mandatos: Vec<Mandato>,
    pub(super) filiacoes: Vec<Filiacao>,
    pub(super) redes: Vec<RedeParlamentar>,
    pub(super) legislaturas: Vec<Legislatura>,
    pub(super) partidos: Vec<Partido>,
    pub(super) redes_opcoes: &'static [(&'static str, &'static str)],
    pub(super) fm: FormMandato,
    pub(super) erros_mandato: Erros,
    pub(super) ff: FormFiliacao,
    pub(super) erros_filiacao: Erros,
    pub(super) fr: FormRede,
    pub(super) erros_rede: Erros,
    pub(super) hoje: String,
    pub(super) retido: Option<Retido>,
    pub(super) exemplo_telefone: String,
}

pub(super) async fn montar(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<Pagina, WebError> {
    let p = parl::parlamentar_admin(tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let hoje = store::camara::hoje(tx).await?;
    let legislaturas = parl::legislaturas(tx, None, 200).await?;
    let atual = parl::legislatura_atual(tx, hoje).await?;
    Ok(Pagina {
        exemplo_telefone: exemplo_telefone(tx, current).await?,
        shell: Shell::new(current, logado, "/admin/parlamentares"),
        f: FormParlamentar::de(&p),
        erros: Erros::default(),
        cpf_mascarado: p.cpf.as_deref().map(domain::documentos::mascarar_cpf),
        foto: p.foto(),
        acao: format!("/admin/parlamentares/{}?_csrf={}", p.id, logado.sessao.csrf),
        salvo: false,
        mandatos: parl::mandatos_de(tx, id).await?,
        filiacoes: parl::filiacoes_de(tx, id).await?,
        redes: parl::redes(tx, id).await?,
        partidos: parl::partidos(tx, None, 200).await?,
        redes_opcoes: parl::REDES,
        fm: FormMandato {
            legislatura: atual.as_ref().map(|l| l.id.to_string()).unwrap_or_default(),
            tipo: "titular".into(),
            votos: String::new(),
            inicio: atual.as_ref().map(|l| l.inicio.br()).unwrap_or_default(),
            fim: atual.as_ref().map(|l| l.fim.br()).unwrap_or_default(),
        },
        legislaturas,
        erros_mandato: Erros::default(),
        ff: FormFiliacao::default(),
        erros_filiacao: Erros::default(),
        fr: FormRede {
            rede: "instagram".into(),
            url: String::new(),
        },
        erros_rede: Erros::default(),
        hoje: hoje.br(),
        retido: None,
        p,
    })
}

#[derive(Deserialize)]
pub(super) struct SalvoQuery {
    pub(super) salvo: Option<String>,
}

pub(super) async fn pagina(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Query(q): Query<SalvoQuery>,
) -> Result<Pagina, WebError> {
    let mut page = montar(&mut tx, &current, &logado, id_de(&id)?).await?;
    page.salvo = q.salvo.is_some();
    Ok(page)
}

pub(super) async fn salvar(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    crate::http::corpo::Envio(mut mp): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::parlamentar_admin(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let tenant = current.tenant.id;
    let mut envio = match Multiparte::ler(&mut mp, &["foto"], GRANDE).await {
        Ok(x) => x,
        Err(v) => {
            let mut page = montar(&mut tx, &current, &logado, id).await?;
            page.erros = Erros::de_lista(vec![v]);
            return Ok(invalido(page));
        }
    };
    let mut f = form_de_campos(&envio);
    let dados = f.dados(true);
    let mut erros = dados.validar().err().unwrap_or_default();
    let (foto, nome_foto) = foto_do_envio(&state, tenant, &mut envio, &mut erros).await?;
    let resultado = if erros.is_empty() {
        tx.tentar(async |tx| parl::editar_parlamentar(tx, &logado.autor, id, &dados).await)
            .await
    } else {
        Err(store::Error::Validation(erros.remove(0)))
    };
    match resultado {
        Ok(()) => {
            if let Some(j) = foto {
                parl::definir_foto(&mut tx, &logado.autor, state.store.arquivos(), id, j).await?;
            }
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/parlamentares/{id}?salvo=1")))
        }
        Err(e) => {
            let mut page = montar(&mut tx, &current, &logado, id).await?;
            let mut todos = Erros::do_store(e)?;
            for v in erros {
                todos.push(v);
            }
            f.cpf.clear();
            page.f = f;
            page.erros = todos;
            page.retido = reter_foto(&state, tenant, foto, &nome_foto).await?;
            Ok(invalido(page))
        }
    }
}

pub(super) fn acao_parlamentar(acao: &str) -> Option<(&'static str, &'static str)> {
    match acao {
        "excluir" => Some(("Excluir parlamentar", "Excluir")),
        "desativar" => Some(("Desativar parlamentar", "Desativar")),
        "reativar" => Some(("Reativar parlamentar", "Reativar")),
        "remover-foto" => Some(("Remover foto", "Remover")),
        _ => None,
    }
}

pub(super) async fn confirmar_parlamentar(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: &str,
    acao: &str,
) -> Result<(Uuid, Confirmacao), WebError> {
    let (titulo, botao) = acao_parlamentar(acao).ok_or(WebError::NotFound)?;
    let id = id_de(id)?;
    let p = parl::parlamentar_admin(tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let nome = &p.nome_parlamentar;
    let texto = match acao {
        "excluir" => format!(
            "{nome} será excluído(a) com filiações e redes sociais. Só é possível excluir quem não tem mandatos; quem tem deve ser desativado."
        ),
        "desativar" => {
            format!("{nome} deixará de aparecer nas listas públicas; o histórico é mantido.")
        }
        "reativar" => format!("{nome} voltará a aparecer nas listas públicas."),
        _ => format!("A foto de {nome} será removida do portal."),
    };
    Ok((
        id,
        Confirmacao::new(
            Shell::new(current, logado, "/admin/parlamentares"),
            titulo,
            texto,
            format!("/admin/parlamentares/{id}/{acao}"),
            botao,
            format!("/admin/parlamentares/{id}"),
        ),
    ))
}

pub(super) async fn parlamentar_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path((id, acao)): Path<(String, String)>,
) -> Result<Confirmacao, WebError> {
    Ok(
        confirmar_parlamentar(&mut tx, &current, &logado, &id, &acao)
            .await?
            .1,
    )
}

pub(super) async fn parlamentar_acao(
    Admin(mut tx, current, logado): Admin,
    Path((id, acao)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (id, c) = confirmar_parlamentar(&mut tx, &current, &logado, &id, &acao).await?;
    let r = match acao.as_str() {
        "excluir" => parl::excluir_parlamentar(&mut tx, &logado.autor, id).await,
        "desativar" => parl::definir_ativo_parlamentar(&mut tx, &logado.autor, id, false).await,
        "reativar" => parl::definir_ativo_parlamentar(&mut tx, &logado.autor, id, true).await,
        _ => parl::remover_foto(&mut tx, &logado.autor, id).await,
    };
    match r {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(
                if acao == "excluir" {
                    "/admin/parlamentares".to_owned()
                } else {
                    format!("/admin/parlamentares/{id}?salvo=1")
                }
                .as_str(),
            ))
        }
        Err(e) => c.recusada(e),
    }
}
