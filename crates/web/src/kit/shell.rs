//! The frame of every admin page: the câmara, the user, the CSRF token and the menu of what
//! the user's role may open.

use domain::auth::Permissao;

use crate::http::auth::Logado;
use crate::http::tenant::CurrentTenant;

/// What every admin page shows around its content.
pub struct Shell {
    pub camara: String,
    pub usuario: String,
    pub papel: &'static str,
    pub csrf: String,
    /// Whether the page is the dashboard (`/admin`, the menu's first link).
    pub no_painel: bool,
    /// The menu by area; only groups with something the user may open.
    pub menu: Vec<Grupo>,
}

/// One area of the admin menu: its name and its (href, label, current page) links.
pub struct Grupo {
    pub nome: &'static str,
    pub itens: Vec<(&'static str, &'static str, bool)>,
    /// The current page is one of its links.
    pub ativo: bool,
}

/// A menu entry: (href, label, the permission that opens it, needs a linked parlamentar).
type Entrada = (&'static str, &'static str, Permissao, bool);

/// The admin menu, by area. A link is shown only to roles holding its permission (and, for
/// the members' own pages, to accounts linked to a parlamentar).
const MENU: &[(&str, &[Entrada])] = &[
    (
        "Legislativo",
        &[
            (
                "/admin/protocolo",
                "Protocolo",
                Permissao::ProtocoloGerir,
                false,
            ),
            (
                "/admin/proposicoes",
                "Proposições",
                Permissao::ProtocoloGerir,
                false,
            ),
            (
                "/admin/minhas-proposicoes",
                "Minhas proposições",
                Permissao::ProposicaoCriar,
                true,
            ),
            (
                "/admin/tramitacao",
                "Tramitação",
                Permissao::TramitacaoGerir,
                false,
            ),
            (
                "/admin/calendario",
                "Calendário",
                Permissao::TramitacaoGerir,
                false,
            ),
            (
                "/admin/normas",
                "Normas jurídicas",
                Permissao::NormaGerir,
                false,
            ),
        ],
    ),
    (
        "Plenário",
        &[
            (
                "/admin/sessoes",
                "Sessões plenárias",
                Permissao::SessaoGerir,
                false,
            ),
            (
                "/admin/parlamentares",
                "Parlamentares",
                Permissao::ParlamentarGerir,
                false,
            ),
            (
                "/admin/legislaturas",
                "Legislaturas",
                Permissao::ParlamentarGerir,
                false,
            ),
            (
                "/admin/partidos",
                "Partidos",
                Permissao::ParlamentarGerir,
                false,
            ),
            (
                "/admin/mesa",
                "Mesa Diretora",
                Permissao::ParlamentarGerir,
                false,
            ),
            (
                "/admin/comissoes",
                "Comissões",
                Permissao::ParlamentarGerir,
                false,
            ),
            (
                "/admin/minhas-comissoes",
                "Minhas comissões",
                Permissao::ComissaoParticipar,
                true,
            ),
        ],
    ),
    (
        "Portal",
        &[
            (
                "/admin/noticias",
                "Notícias",
                Permissao::NoticiaPublicar,
                false,
            ),
            (
                "/admin/paginas",
                "Páginas",
                Permissao::NoticiaPublicar,
                false,
            ),
        ],
    ),
    (
        "Câmara",
        &[
            (
                "/admin/configuracoes",
                "Configurações",
                Permissao::ConfigVer,
                false,
            ),
            (
                "/admin/auditoria",
                "Auditoria",
                Permissao::AuditoriaVer,
                false,
            ),
        ],
    ),
    (
        "Usuários",
        &[
            ("/admin/usuarios", "Usuários", Permissao::UsuarioVer, false),
            (
                "/admin/senha",
                "Trocar minha senha",
                Permissao::PainelVer,
                false,
            ),
            (
                "/admin/2fa",
                "Verificação em duas etapas",
                Permissao::PainelVer,
                false,
            ),
        ],
    ),
];

impl Shell {
    pub fn new(current: &CurrentTenant, logado: &Logado, ativo: &str) -> Self {
        let papel = logado.sessao.usuario.papel;
        let vinculado = logado.sessao.usuario.parlamentar_id.is_some();
        let menu = MENU
            .iter()
            .map(|(nome, entradas)| {
                let itens: Vec<_> = entradas
                    .iter()
                    .filter(|(_, _, p, vinculo)| papel.pode(*p) && (!vinculo || vinculado))
                    .map(|(href, label, _, _)| (*href, *label, *href == ativo))
                    .collect();
                Grupo {
                    nome,
                    ativo: itens.iter().any(|(_, _, a)| *a),
                    itens,
                }
            })
            .filter(|g| !g.itens.is_empty())
            .collect();
        Self {
            camara: current.tenant.nome_oficial.clone(),
            usuario: logado.sessao.usuario.nome.clone(),
            papel: papel.label(),
            csrf: logado.sessao.csrf.clone(),
            no_painel: ativo == "/admin",
            menu,
        }
    }
}
