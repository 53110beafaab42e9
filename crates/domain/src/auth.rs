//! Who may do what inside a câmara: roles, permissions, password rules.
//!
//! Permissions are named strings checked on every admin route; roles map to them here and
//! nowhere else.

use std::fmt;

use crate::ValidationError;

mod senha;
pub use senha::{FORCA_MINIMA, POLITICA_DE_SENHA, validar_senha};

/// A user's role in one câmara.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Papel {
    /// Everything, including users and the câmara's identity.
    Admin,
    /// The legislative secretariat: registry, proposições, tramitação, sessões, users.
    Secretaria,
    /// Runs plenary sessions and the painel eletrônico.
    Operador,
    /// Publishes notícias and pages.
    Editor,
    /// A councilor: own votes, own proposições.
    Parlamentar,
    /// A councilor's aide: writes and sends proposições eletrônicas for the parlamentar
    /// their account is linked to; never votes.
    Assessor,
    /// Read-only staff.
    Auxiliar,
}

impl Papel {
    pub const ALL: [Papel; 7] = [
        Self::Admin,
        Self::Secretaria,
        Self::Operador,
        Self::Editor,
        Self::Parlamentar,
        Self::Assessor,
        Self::Auxiliar,
    ];

    /// Stored form (`usuario.papel`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "ADMIN",
            Self::Secretaria => "SECRETARIA",
            Self::Operador => "OPERADOR",
            Self::Editor => "EDITOR",
            Self::Parlamentar => "PARLAMENTAR",
            Self::Assessor => "ASSESSOR",
            Self::Auxiliar => "AUXILIAR",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let up = s.trim().to_ascii_uppercase();
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == up)
            .ok_or_else(|| {
                ValidationError::new(
                    "papel",
                    format!(
                        "Papel inválido: \"{s}\". Use um de: {}.",
                        Self::ALL.map(Papel::as_str).join(", ")
                    ),
                )
            })
    }

    /// Portuguese label for screens.
    pub fn label(self) -> &'static str {
        match self {
            Self::Admin => "Administrador",
            Self::Secretaria => "Secretaria legislativa",
            Self::Operador => "Operador de sessão",
            Self::Editor => "Editor de conteúdo",
            Self::Parlamentar => "Parlamentar",
            Self::Assessor => "Assessor parlamentar",
            Self::Auxiliar => "Auxiliar (somente leitura)",
        }
    }

    /// The permissions of this role: the one place where roles meet permissions.
    pub fn permissoes(self) -> &'static [Permissao] {
        use Permissao::*;
        match self {
            Self::Admin => &Permissao::ALL,
            Self::Secretaria => &[
                PainelVer,
                UsuarioVer,
                UsuarioGerir,
                ConfigVer,
                ConfigGerir,
                AuditoriaVer,
                ParlamentarGerir,
                ProposicaoCriar,
                ProtocoloGerir,
                TramitacaoGerir,
                SessaoGerir,
                NoticiaPublicar,
                NormaGerir,
            ],
            Self::Operador => &[PainelVer, SessaoGerir, VotacaoOperar],
            Self::Editor => &[PainelVer, ConfigVer, NoticiaPublicar],
            Self::Parlamentar => &[PainelVer, VotacaoVotar, ProposicaoCriar, ComissaoParticipar],
            Self::Assessor => &[PainelVer, ProposicaoCriar],
            Self::Auxiliar => &[PainelVer, UsuarioVer, ConfigVer],
        }
    }

    pub fn pode(self, p: Permissao) -> bool {
        self.permissoes().contains(&p)
    }

    /// Roles whose accounts may be required to use two-factor login.
    pub fn sensivel(self) -> bool {
        matches!(self, Self::Admin | Self::Operador)
    }
}

impl fmt::Display for Papel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named capability, checked on every admin route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permissao {
    PainelVer,
    UsuarioVer,
    UsuarioGerir,
    ConfigVer,
    ConfigGerir,
    AuditoriaVer,
    ParlamentarGerir,
    ProposicaoCriar,
    ProtocoloGerir,
    TramitacaoGerir,
    SessaoGerir,
    VotacaoOperar,
    VotacaoVotar,
    NoticiaPublicar,
    ComissaoParticipar,
    NormaGerir,
}

impl Permissao {
    pub const ALL: [Permissao; 16] = [
        Self::PainelVer,
        Self::UsuarioVer,
        Self::UsuarioGerir,
        Self::ConfigVer,
        Self::ConfigGerir,
        Self::AuditoriaVer,
        Self::ParlamentarGerir,
        Self::ProposicaoCriar,
        Self::ProtocoloGerir,
        Self::TramitacaoGerir,
        Self::SessaoGerir,
        Self::VotacaoOperar,
        Self::VotacaoVotar,
        Self::NoticiaPublicar,
        Self::ComissaoParticipar,
        Self::NormaGerir,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PainelVer => "painel.ver",
            Self::UsuarioVer => "usuario.ver",
            Self::UsuarioGerir => "usuario.gerir",
            Self::ConfigVer => "config.ver",
            Self::ConfigGerir => "config.gerir",
            Self::AuditoriaVer => "auditoria.ver",
            Self::ParlamentarGerir => "parlamentar.gerir",
            Self::ProposicaoCriar => "proposicao.criar",
            Self::ProtocoloGerir => "protocolo.gerir",
            Self::TramitacaoGerir => "tramitacao.gerir",
            Self::SessaoGerir => "sessao.gerir",
            Self::VotacaoOperar => "votacao.operar",
            Self::VotacaoVotar => "votacao.votar",
            Self::NoticiaPublicar => "noticia.publicar",
            Self::ComissaoParticipar => "comissao.participar",
            Self::NormaGerir => "norma.gerir",
        }
    }
}

impl fmt::Display for Permissao {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What one câmara user does to another's account (the admin's user screens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AcaoUsuario {
    /// Create an account with a role (`alvo_atual` is that role).
    Criar,
    /// Change name, linked parlamentar and (with `alvo_novo`) role.
    Editar,
    Desativar,
    Reativar,
    /// Give the account a one-time password.
    RedefinirSenha,
    /// Turn the account's two-factor login off.
    Redefinir2fa,
}

impl AcaoUsuario {
    pub const ALL: [AcaoUsuario; 6] = [
        Self::Criar,
        Self::Editar,
        Self::Desativar,
        Self::Reativar,
        Self::RedefinirSenha,
        Self::Redefinir2fa,
    ];

    /// The name used in URLs and in docs/identity.md's matrix.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Criar => "criar",
            Self::Editar => "editar",
            Self::Desativar => "desativar",
            Self::Reativar => "reativar",
            Self::RedefinirSenha => "senha",
            Self::Redefinir2fa => "2fa",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// Why a user-management action was refused (the message is for the screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recusa {
    /// The acting role cannot manage users at all.
    SemPermissao,
    /// ADMIN accounts (or the ADMIN role) are managed by administrators only.
    SoAdministrador,
    /// The target holds permissions the acting role lacks.
    AlvoAcima(Papel),
    /// The role to grant holds permissions the acting role lacks.
    PapelAcima(Papel),
    /// Nobody changes their own role.
    ProprioPapel,
    /// Not on oneself through these screens (deactivation, password, 2FA reset).
    ProprioUsuario(AcaoUsuario),
}

impl fmt::Display for Recusa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SemPermissao => f.write_str("Seu perfil não permite gerenciar usuários."),
            Self::SoAdministrador => f.write_str(
                "Somente um administrador pode gerenciar contas de administrador ou conceder esse perfil.",
            ),
            Self::AlvoAcima(p) => write!(
                f,
                "Você não pode alterar esta conta: o perfil dela ({}) tem permissões que o seu não tem.",
                p.label()
            ),
            Self::PapelAcima(p) => write!(
                f,
                "Você não pode conceder o perfil {}: ele tem permissões que o seu não tem.",
                p.label()
            ),
            Self::ProprioPapel => f.write_str(
                "Ninguém pode mudar o próprio perfil; peça a outro administrador.",
            ),
            Self::ProprioUsuario(AcaoUsuario::RedefinirSenha) => f.write_str(
                "Para trocar a sua própria senha, use a página \"Minha senha\" (/admin/senha).",
            ),
            Self::ProprioUsuario(AcaoUsuario::Redefinir2fa) => f.write_str(
                "Para mudar a sua própria verificação em duas etapas, use a página \"Verificação em duas etapas\" (/admin/2fa).",
            ),
            Self::ProprioUsuario(_) => f.write_str("Você não pode desativar o próprio usuário."),
        }
    }
}

impl std::error::Error for Recusa {}

impl Papel {
    /// Whether this role holds every permission of `outro` (so it may act on or grant it).
    pub fn abrange(self, outro: Papel) -> bool {
        outro.permissoes().iter().all(|p| self.pode(*p))
    }

    /// The roles this role may give to someone (the create and edit forms offer only these).
    pub fn concede(self) -> Vec<Papel> {
        Papel::ALL
            .into_iter()
            .filter(|alvo| pode_gerir(self, *alvo, None, false, AcaoUsuario::Criar).is_ok())
            .collect()
    }
}

/// The rule of every user-management path: may a user of role `ator` do `acao` to an
/// account of role `alvo_atual` (for [`AcaoUsuario::Criar`], the role being created),
/// giving it role `alvo_novo` (role changes), `proprio` when it is their own account?
///
/// - only holders of `usuario.gerir` manage users;
/// - only an ADMIN manages ADMIN accounts or grants the ADMIN role;
/// - nobody acts on an account whose role has a permission they lack;
/// - nobody grants a role with a permission they lack;
/// - nobody changes their own role, deactivates themselves, or resets their own password
///   or two-factor login here (those have their own pages, which ask for the current
///   password or code).
pub fn pode_gerir(
    ator: Papel,
    alvo_atual: Papel,
    alvo_novo: Option<Papel>,
    proprio: bool,
    acao: AcaoUsuario,
) -> Result<(), Recusa> {
    if !ator.pode(Permissao::UsuarioGerir) {
        return Err(Recusa::SemPermissao);
    }
    let novo = alvo_novo.filter(|n| *n != alvo_atual);
    if proprio {
        if novo.is_some() {
            return Err(Recusa::ProprioPapel);
        }
        if matches!(
            acao,
            AcaoUsuario::Desativar | AcaoUsuario::RedefinirSenha | AcaoUsuario::Redefinir2fa
        ) {
            return Err(Recusa::ProprioUsuario(acao));
        }
    }
    let admin_envolvido = alvo_atual == Papel::Admin || novo == Some(Papel::Admin);
    if admin_envolvido && ator != Papel::Admin {
        return Err(Recusa::SoAdministrador);
    }
    if !ator.abrange(alvo_atual) {
        return Err(if acao == AcaoUsuario::Criar {
            Recusa::PapelAcima(alvo_atual)
        } else {
            Recusa::AlvoAcima(alvo_atual)
        });
    }
    if let Some(n) = novo
        && !ator.abrange(n)
    {
        return Err(Recusa::PapelAcima(n));
    }
    Ok(())
}

/// The platform's side (master panel and CLI, run by the operator): above every câmara
/// role: it creates accounts of any role, changes roles, deactivates and reactivates, and
/// gives one-time passwords; it never turns a user's two-factor login off (the câmara's
/// administrator does). Everything is audited in `control.platform_audit`.
pub fn pode_gerir_como_plataforma(acao: AcaoUsuario) -> Result<(), Recusa> {
    match acao {
        AcaoUsuario::Criar
        | AcaoUsuario::Editar
        | AcaoUsuario::Desativar
        | AcaoUsuario::Reativar
        | AcaoUsuario::RedefinirSenha => Ok(()),
        AcaoUsuario::Redefinir2fa => Err(Recusa::SemPermissao),
    }
}

/// Login throttling: how long a client must wait after `falhas` recent failures, growing
/// exponentially once the free attempts are spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Atrasos {
    /// Failures allowed before any wait.
    pub livres: u32,
    /// The first wait; each further failure doubles it.
    pub base: std::time::Duration,
    /// The longest wait.
    pub teto: std::time::Duration,
}

impl Atrasos {
    pub fn atraso(&self, falhas: u32) -> std::time::Duration {
        // No failure, no wait, whatever the free attempts.
        let livres = self.livres.max(1);
        if falhas < livres || self.base.is_zero() {
            return std::time::Duration::ZERO;
        }
        let passos = (falhas - livres).min(30);
        self.base
            .checked_mul(1u32 << passos)
            .unwrap_or(self.teto)
            .min(self.teto)
    }
}

/// Normalises and validates an e-mail address.
pub fn parse_email(input: &str) -> Result<String, ValidationError> {
    let e = input.trim().to_lowercase();
    let ok = e.len() <= 254
        && !e.contains(char::is_whitespace)
        && e.split_once('@').is_some_and(|(local, host)| {
            !local.is_empty()
                && !host.contains('@')
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !host.contains("..")
        });
    if ok {
        Ok(e)
    } else {
        Err(ValidationError::new(
            "email",
            format!("E-mail inválido: \"{}\".", input.trim()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_has_everything_and_roles_differ() {
        for p in Permissao::ALL {
            assert!(Papel::Admin.pode(p), "{p}");
        }
        assert!(Papel::Operador.pode(Permissao::VotacaoOperar));
        assert!(!Papel::Editor.pode(Permissao::VotacaoOperar));
        assert!(!Papel::Auxiliar.pode(Permissao::UsuarioGerir));
        assert!(Papel::Parlamentar.pode(Permissao::VotacaoVotar));
        assert!(!Papel::Parlamentar.pode(Permissao::VotacaoOperar));
        // An aide writes proposições for their parlamentar, and nothing a councilor does in
        // person: no vote, nothing of the secretaria.
        assert!(Papel::Assessor.pode(Permissao::ProposicaoCriar));
        assert!(!Papel::Assessor.pode(Permissao::VotacaoVotar));
        assert!(!Papel::Assessor.pode(Permissao::ProtocoloGerir));
        assert!(!Papel::Assessor.pode(Permissao::TramitacaoGerir));
    }

    #[test]
    fn names_round_trip() {
        for p in Papel::ALL {
            assert_eq!(Papel::parse(p.as_str()).unwrap(), p);
        }
        assert_eq!(Papel::parse("editor").unwrap(), Papel::Editor);
        assert!(Papel::parse("rei").is_err());
        let names: std::collections::BTreeSet<&str> =
            Permissao::ALL.iter().map(|p| p.as_str()).collect();
        assert_eq!(names.len(), Permissao::ALL.len());
    }

    #[test]
    fn user_management_matrix_rules() {
        use AcaoUsuario::*;
        use Papel::*;
        // The reported escalation: a secretariat promoting itself, or acting on an admin.
        assert_eq!(
            pode_gerir(Secretaria, Secretaria, Some(Admin), true, Editar),
            Err(Recusa::ProprioPapel)
        );
        assert_eq!(
            pode_gerir(Secretaria, Admin, None, false, RedefinirSenha),
            Err(Recusa::SoAdministrador)
        );
        assert_eq!(
            pode_gerir(Secretaria, Admin, None, false, Redefinir2fa),
            Err(Recusa::SoAdministrador)
        );
        assert_eq!(
            pode_gerir(Secretaria, Editor, Some(Admin), false, Editar),
            Err(Recusa::SoAdministrador)
        );
        assert_eq!(
            pode_gerir(Secretaria, Operador, None, false, Criar),
            Err(Recusa::PapelAcima(Operador))
        );
        assert_eq!(
            pode_gerir(Secretaria, Editor, Some(Parlamentar), false, Editar),
            Err(Recusa::PapelAcima(Parlamentar))
        );
        assert!(pode_gerir(Secretaria, Editor, Some(Auxiliar), false, Editar).is_ok());
        assert!(pode_gerir(Secretaria, Secretaria, None, true, Editar).is_ok());
        assert!(pode_gerir(Admin, Admin, None, false, Desativar).is_ok());
        assert_eq!(
            pode_gerir(Admin, Admin, None, true, Desativar),
            Err(Recusa::ProprioUsuario(Desativar))
        );
        assert_eq!(
            pode_gerir(Auxiliar, Auxiliar, None, false, Criar),
            Err(Recusa::SemPermissao)
        );
        assert_eq!(
            Secretaria.concede(),
            vec![Secretaria, Editor, Assessor, Auxiliar]
        );
        assert_eq!(Admin.concede(), Papel::ALL.to_vec());
        assert!(Editor.concede().is_empty());
        for r in [
            Recusa::SemPermissao,
            Recusa::SoAdministrador,
            Recusa::AlvoAcima(Admin),
            Recusa::PapelAcima(Admin),
            Recusa::ProprioPapel,
            Recusa::ProprioUsuario(RedefinirSenha),
        ] {
            assert!(
                r.to_string().ends_with('.') || r.to_string().ends_with(")."),
                "{r}"
            );
        }
    }

    #[test]
    fn throttling_delays_grow_exponentially_up_to_a_ceiling() {
        use std::time::Duration;
        let a = Atrasos {
            livres: 3,
            base: Duration::from_secs(1),
            teto: Duration::from_secs(900),
        };
        assert_eq!(a.atraso(0), Duration::ZERO);
        assert_eq!(a.atraso(2), Duration::ZERO);
        assert_eq!(a.atraso(3), Duration::from_secs(1));
        assert_eq!(a.atraso(4), Duration::from_secs(2));
        assert_eq!(a.atraso(8), Duration::from_secs(32));
        assert_eq!(a.atraso(13), Duration::from_secs(900));
        assert_eq!(a.atraso(u32::MAX), Duration::from_secs(900));
        let sem_livres = Atrasos { livres: 0, ..a };
        assert_eq!(sem_livres.atraso(0), Duration::ZERO);
        assert_eq!(sem_livres.atraso(1), Duration::from_secs(1));
    }

    #[test]
    fn emails() {
        assert_eq!(
            parse_email(" Maria@Camara.LEG.br ").unwrap(),
            "maria@camara.leg.br"
        );
        for bad in [
            "",
            "sem-arroba",
            "a@b",
            "a@.b.c",
            "a b@c.d",
            "a@b..c",
            "a@@b.c",
        ] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
    }
}
