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
    pub menu: Vec<(&'static str, &'static str, bool)>,
}

impl Shell {
    pub fn new(current: &CurrentTenant, logado: &Logado, ativo: &str) -> Self {
        let papel = logado.sessao.usuario.papel;
        let itens: &[(&str, &str, Permissao)] = &[
            ("/admin", "Painel", Permissao::PainelVer),
            (
                "/admin/parlamentares",
                "Parlamentares",
                Permissao::ParlamentarGerir,
            ),
            (
                "/admin/legislaturas",
                "Legislaturas",
                Permissao::ParlamentarGerir,
            ),
            ("/admin/partidos", "Partidos", Permissao::ParlamentarGerir),
            ("/admin/mesa", "Mesa Diretora", Permissao::ParlamentarGerir),
            ("/admin/comissoes", "Comissões", Permissao::ParlamentarGerir),
            (
                "/admin/sessoes",
                "Sessões plenárias",
                Permissao::SessaoGerir,
            ),
            ("/admin/protocolo", "Protocolo", Permissao::ProtocoloGerir),
            (
                "/admin/proposicoes",
                "Proposições",
                Permissao::ProtocoloGerir,
            ),
            ("/admin/normas", "Normas jurídicas", Permissao::NormaGerir),
            (
                "/admin/tramitacao",
                "Tramitação",
                Permissao::TramitacaoGerir,
            ),
            (
                "/admin/calendario",
                "Calendário",
                Permissao::TramitacaoGerir,
            ),
            ("/admin/noticias", "Notícias", Permissao::NoticiaPublicar),
            ("/admin/paginas", "Páginas", Permissao::NoticiaPublicar),
            (
                "/admin/configuracoes",
                "Configurações",
                Permissao::ConfigVer,
            ),
            (
                "/admin/2fa",
                "Verificação em duas etapas",
                Permissao::PainelVer,
            ),
            ("/admin/usuarios", "Usuários", Permissao::UsuarioVer),
            ("/admin/auditoria", "Auditoria", Permissao::AuditoriaVer),
        ];
        Self {
            camara: current.tenant.nome_oficial.clone(),
            usuario: logado.sessao.usuario.nome.clone(),
            papel: papel.label(),
            csrf: logado.sessao.csrf.clone(),
            menu: itens
                .iter()
                .copied()
                .filter(|(_, _, p)| papel.pode(*p))
                // Proposições eletrônicas are written by accounts linked to a parlamentar.
                .chain(
                    (papel.pode(Permissao::ProposicaoCriar)
                        && logado.sessao.usuario.parlamentar_id.is_some())
                    .then_some((
                        "/admin/minhas-proposicoes",
                        "Minhas proposições",
                        Permissao::ProposicaoCriar,
                    )),
                )
                // So are the comissão members' own pages.
                .chain(
                    (papel.pode(Permissao::ComissaoParticipar)
                        && logado.sessao.usuario.parlamentar_id.is_some())
                    .then_some((
                        "/admin/minhas-comissoes",
                        "Minhas comissões",
                        Permissao::ComissaoParticipar,
                    )),
                )
                .map(|(href, label, _)| (href, label, href == ativo))
                .collect(),
        }
    }
}
