//! The cards of the admin home page (`/admin`): what the user has to do today, chosen by
//! the permissions their role holds. [`Cartao::TODOS`] is the one list: a new card is a
//! variant there, its [`Cartao::visivel`] rule and its arm in [`Cartao::montar`] (one query
//! in `store::inicio` or the area's store module). Every link a card shows leads to a page
//! the same permission opens.

use domain::auth::{Papel, Permissao};
use store::TenantTx;
use store::inicio::{self, Contagem, Pendente};
use uuid::Uuid;

use crate::error::WebError;

/// One card of the dashboard, as the template shows it.
pub struct Quadro {
    pub id: &'static str,
    pub titulo: &'static str,
    /// The card's page and the words of its link.
    pub href: &'static str,
    pub link: &'static str,
    /// (label, number, stressed): the counts the card opens with.
    pub numeros: Vec<(&'static str, i64, bool)>,
    pub itens: Vec<Item>,
    /// What the card says when it has no item.
    pub vazio: &'static str,
}

/// A pending item with its link.
pub struct Item {
    pub href: String,
    pub texto: String,
    pub detalhe: String,
    pub alerta: bool,
}

/// Who the page is for.
pub struct Para {
    pub papel: Papel,
    pub usuario_id: Uuid,
}

impl Para {
    fn pode(&self, p: Permissao) -> bool {
        self.papel.pode(p)
    }
}

/// Every card the dashboard knows, in the order it shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cartao {
    Protocolo,
    Eletronicas,
    AReceber,
    PrazosTramitacao,
    Pareceres,
    Autografos,
    Sessoes,
    Noticias,
    Contas,
    Seguranca,
}

/// Pareceres whose prazo ends within this many days are "due".
const PARECERES_DIAS: i32 = 7;
/// Autógrafo prazos ending within this many days are shown.
const AUTOGRAFOS_DIAS: i64 = 30;

impl Cartao {
    pub const TODOS: [Cartao; 10] = [
        Self::Protocolo,
        Self::Eletronicas,
        Self::AReceber,
        Self::PrazosTramitacao,
        Self::Pareceres,
        Self::Autografos,
        Self::Sessoes,
        Self::Noticias,
        Self::Contas,
        Self::Seguranca,
    ];

    /// Whether `para` sees this card: the permission of the card's page.
    pub fn visivel(self, para: &Para) -> bool {
        match self {
            Self::Protocolo | Self::Eletronicas => para.pode(Permissao::ProtocoloGerir),
            Self::AReceber | Self::PrazosTramitacao | Self::Pareceres => {
                para.pode(Permissao::TramitacaoGerir)
            }
            Self::Autografos => para.pode(Permissao::NormaGerir),
            Self::Sessoes => para.pode(Permissao::SessaoGerir),
            Self::Noticias => para.pode(Permissao::NoticiaPublicar),
            Self::Contas => para.pode(Permissao::UsuarioGerir),
            Self::Seguranca => para.pode(Permissao::AuditoriaVer),
        }
    }

    /// The card, from one query.
    pub async fn montar(self, tx: &mut TenantTx, para: &Para) -> Result<Quadro, WebError> {
        Ok(match self {
            Self::Protocolo => {
                let c = inicio::protocolos(tx).await?;
                quadro(
                    "protocolo",
                    "Protocolo",
                    ("/admin/protocolo", "Abrir o protocolo"),
                    vec![
                        ("sem proposição (30 dias)", c.total, false),
                        ("recebidos hoje", c.destaque, false),
                    ],
                    itens(&c, |p| format!("/admin/protocolo/{}", p.id)),
                    "Nenhum protocolo aguardando.",
                )
            }
            Self::Eletronicas => {
                let c = inicio::eletronicas(tx).await?;
                quadro(
                    "eletronicas",
                    "Proposições eletrônicas",
                    ("/admin/protocolo/eletronicas", "Abrir a caixa de entrada"),
                    vec![
                        ("aguardando recebimento", c.total, false),
                        ("há mais de 2 dias", c.destaque, c.destaque > 0),
                    ],
                    itens(&c, |p| format!("/admin/protocolo/eletronicas/{}", p.id)),
                    "Nenhuma proposição eletrônica aguardando.",
                )
            }
            Self::AReceber => {
                let c = inicio::a_receber(tx, para.usuario_id).await?;
                quadro(
                    "a-receber",
                    "Tramitações a receber",
                    ("/admin/tramitacao", "Abrir a tramitação"),
                    vec![
                        ("nas suas unidades", c.total, false),
                        ("há mais de 2 dias", c.destaque, c.destaque > 0),
                    ],
                    itens(&c, |p| format!("/admin/tramitacao/proposicoes/{}", p.id)),
                    "Nada a receber nas suas unidades.",
                )
            }
            Self::PrazosTramitacao => {
                let prazos = store::tramitacao::prazos_do_usuario(tx, para.usuario_id).await?;
                let vencidos = prazos.iter().filter(|p| p.vencido()).count() as i64;
                let vencendo = prazos.len() as i64 - vencidos;
                let lista = prazos
                    .iter()
                    .take(inicio::PRIMEIROS as usize)
                    .map(|p| Item {
                        href: format!("/admin/tramitacao/proposicoes/{}", p.proposicao_id),
                        texto: format!("{} — {}", p.identificacao, resumo(&p.ementa)),
                        detalhe: format!(
                            "{} · {} em {}",
                            p.unidade,
                            if p.vencido() { "venceu" } else { "vence" },
                            crate::kit::formato::DataBr::br(&p.prazo)
                        ),
                        alerta: p.vencido(),
                    })
                    .collect();
                quadro(
                    "prazos",
                    "Prazos de tramitação",
                    ("/admin/tramitacao", "Abrir a tramitação"),
                    vec![
                        ("vencidos", vencidos, vencidos > 0),
                        ("vencendo", vencendo, false),
                    ],
                    lista,
                    "Nenhum prazo vencido ou vencendo nas suas unidades.",
                )
            }
            Self::Pareceres => {
                let c = inicio::pareceres(tx, PARECERES_DIAS).await?;
                quadro(
                    "pareceres",
                    "Pareceres a apresentar",
                    (
                        "/admin/comissoes/materias",
                        "Abrir as matérias das comissões",
                    ),
                    vec![
                        ("vencem em até 7 dias", c.total - c.destaque, false),
                        ("com prazo vencido", c.destaque, c.destaque > 0),
                    ],
                    itens(&c, |p| format!("/admin/comissoes/distribuicoes/{}", p.id)),
                    "Nenhum parecer com prazo próximo.",
                )
            }
            Self::Autografos => {
                let hoje = store::camara::hoje(tx).await?;
                let cal = store::calendario::calendario(tx).await?;
                let prazos =
                    store::normas::autografos::prazos_pendentes(tx, &cal, hoje, AUTOGRAFOS_DIAS)
                        .await?;
                let vencidos = prazos.iter().filter(|p| p.vencido).count() as i64;
                let lista = prazos
                    .iter()
                    .take(inicio::PRIMEIROS as usize)
                    .map(|p| Item {
                        href: format!("/admin/normas/autografos/{}", p.autografo_id),
                        texto: format!("{} — {}", p.proposicao, resumo(&p.ementa)),
                        detalhe: format!(
                            "{} · {} em {}",
                            p.o_que,
                            if p.vencido { "venceu" } else { "vence" },
                            crate::kit::formato::DataBr::br(&p.vence_em)
                        ),
                        alerta: p.vencido,
                    })
                    .collect();
                quadro(
                    "autografos",
                    "Sanção, veto e promulgação",
                    ("/admin/normas/autografos", "Abrir os autógrafos"),
                    vec![
                        ("prazos vencidos", vencidos, vencidos > 0),
                        (
                            "vencendo em até 30 dias",
                            prazos.len() as i64 - vencidos,
                            false,
                        ),
                    ],
                    lista,
                    "Nenhum prazo de sanção ou de veto pendente.",
                )
            }
            Self::Sessoes => {
                let c = inicio::sessoes(tx).await?;
                let operar = para.pode(Permissao::VotacaoOperar);
                quadro(
                    "sessoes",
                    "Sessões plenárias",
                    ("/admin/sessoes", "Abrir as sessões"),
                    vec![
                        ("em andamento", c.destaque, c.destaque > 0),
                        ("próximas", c.total - c.destaque, false),
                    ],
                    itens(&c, |p| {
                        if operar {
                            format!("/admin/sessoes/{}/painel", p.id)
                        } else {
                            format!("/admin/sessoes/{}/editar", p.id)
                        }
                    }),
                    "Nenhuma sessão agendada.",
                )
            }
            Self::Noticias => {
                let c = inicio::noticias(tx).await?;
                quadro(
                    "noticias",
                    "Notícias não publicadas",
                    ("/admin/noticias", "Abrir as notícias"),
                    vec![
                        ("rascunhos", c.total - c.destaque, false),
                        ("agendadas", c.destaque, false),
                    ],
                    itens(&c, |p| format!("/admin/noticias/{}", p.id)),
                    "Nenhum rascunho nem notícia agendada.",
                )
            }
            Self::Contas => {
                let c = inicio::contas(tx).await?;
                quadro(
                    "contas",
                    "Usuários",
                    ("/admin/usuarios", "Abrir os usuários"),
                    vec![
                        ("ativos", c.ativas, false),
                        ("desativados", c.desativadas, false),
                        ("com senha provisória", c.senha_provisoria, false),
                        ("retidos por falhas de login", c.retidas, c.retidas > 0),
                    ],
                    Vec::new(),
                    "",
                )
            }
            Self::Seguranca => {
                let c = inicio::seguranca(tx).await?;
                quadro(
                    "seguranca",
                    "Eventos de segurança",
                    ("/admin/auditoria?entidade=sessao", "Abrir a auditoria"),
                    vec![
                        ("nos últimos 7 dias", c.total, false),
                        ("falhas de login em 24 h", c.destaque, c.destaque > 0),
                    ],
                    c.itens
                        .iter()
                        .map(|p| Item {
                            href: "/admin/auditoria".into(),
                            texto: evento_label(&p.texto).into(),
                            detalhe: p.detalhe.trim_start_matches(" · ").to_owned(),
                            alerta: p.alerta,
                        })
                        .collect(),
                    "Nenhum evento de segurança nos últimos 7 dias.",
                )
            }
        })
    }
}

/// Every card `para` sees, in the list's order.
pub async fn cartoes(tx: &mut TenantTx, para: &Para) -> Result<Vec<Quadro>, WebError> {
    let mut out = Vec::new();
    for c in Cartao::TODOS {
        if c.visivel(para) {
            out.push(c.montar(tx, para).await?);
        }
    }
    Ok(out)
}

fn quadro(
    id: &'static str,
    titulo: &'static str,
    (href, link): (&'static str, &'static str),
    numeros: Vec<(&'static str, i64, bool)>,
    itens: Vec<Item>,
    vazio: &'static str,
) -> Quadro {
    Quadro {
        id,
        titulo,
        href,
        link,
        numeros,
        itens,
        vazio,
    }
}

fn itens(c: &Contagem, href: impl Fn(&Pendente) -> String) -> Vec<Item> {
    c.itens
        .iter()
        .map(|p| Item {
            href: href(p),
            texto: p.texto.clone(),
            detalhe: p.detalhe.clone(),
            alerta: p.alerta,
        })
        .collect()
}

fn resumo(s: &str) -> String {
    let mut out: String = s.chars().take(140).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// The Portuguese name of a security event of the audit log (`entidade.acao`).
pub fn evento_label(codigo: &str) -> &'static str {
    match codigo {
        "sessao.login_falhou" => "Falha de login",
        "usuario.redefinir_senha" => "Senha provisória gerada",
        "usuario.trocar_senha" => "Senha trocada",
        "usuario.redefinir_senha_por_email" => "Senha redefinida por e-mail",
        "usuario.pedir_redefinicao_senha" | "sessao.pedir_redefinicao_senha" => {
            "Redefinição de senha pedida"
        }
        "usuario.desativar" => "Conta desativada",
        "usuario.reativar" => "Conta reativada",
        "usuario.alterar" => "Conta alterada",
        "usuario.criar" => "Conta criada",
        "usuario.ativar_2fa" => "Verificação em duas etapas ativada",
        "usuario.usar_codigo_recuperacao" => "Código de recuperação usado",
        c if c.contains("2fa") => "Verificação em duas etapas alterada",
        _ => "Evento de conta",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(papel: Papel) -> Para {
        Para {
            papel,
            usuario_id: Uuid::nil(),
        }
    }

    #[test]
    fn each_role_sees_only_the_cards_of_its_permissions() {
        let vistos = |papel| {
            Cartao::TODOS
                .into_iter()
                .filter(|c| c.visivel(&para(papel)))
                .collect::<Vec<_>>()
        };
        assert_eq!(vistos(Papel::Admin), Cartao::TODOS.to_vec());
        assert_eq!(
            vistos(Papel::Operador),
            vec![Cartao::Sessoes],
            "the operator sees the sessões only"
        );
        assert_eq!(vistos(Papel::Editor), vec![Cartao::Noticias]);
        assert!(vistos(Papel::Parlamentar).is_empty());
        assert!(vistos(Papel::Auxiliar).is_empty());
        let secretaria = vistos(Papel::Secretaria);
        for c in [
            Cartao::Protocolo,
            Cartao::Eletronicas,
            Cartao::AReceber,
            Cartao::PrazosTramitacao,
            Cartao::Pareceres,
        ] {
            assert!(secretaria.contains(&c), "{c:?}");
        }
    }

    #[test]
    fn security_events_have_portuguese_names() {
        assert_eq!(evento_label("sessao.login_falhou"), "Falha de login");
        assert_eq!(evento_label("usuario.desativar"), "Conta desativada");
        assert_eq!(evento_label("x.y"), "Evento de conta");
    }
}
