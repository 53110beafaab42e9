//! Who may do what inside a câmara: roles, permissions, password rules.
//!
//! Permissions are named strings checked on every admin route; roles map to them here and
//! nowhere else.

use std::fmt;

use crate::ValidationError;

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
    /// Read-only staff.
    Auxiliar,
}

impl Papel {
    pub const ALL: [Papel; 6] = [
        Self::Admin,
        Self::Secretaria,
        Self::Operador,
        Self::Editor,
        Self::Parlamentar,
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
                TramitacaoGerir,
                SessaoGerir,
                NoticiaPublicar,
            ],
            Self::Operador => &[PainelVer, SessaoGerir, VotacaoOperar],
            Self::Editor => &[PainelVer, ConfigVer, NoticiaPublicar],
            Self::Parlamentar => &[PainelVer, VotacaoVotar, ProposicaoCriar],
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
    TramitacaoGerir,
    SessaoGerir,
    VotacaoOperar,
    VotacaoVotar,
    NoticiaPublicar,
}

impl Permissao {
    pub const ALL: [Permissao; 13] = [
        Self::PainelVer,
        Self::UsuarioVer,
        Self::UsuarioGerir,
        Self::ConfigVer,
        Self::ConfigGerir,
        Self::AuditoriaVer,
        Self::ParlamentarGerir,
        Self::ProposicaoCriar,
        Self::TramitacaoGerir,
        Self::SessaoGerir,
        Self::VotacaoOperar,
        Self::VotacaoVotar,
        Self::NoticiaPublicar,
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
            Self::TramitacaoGerir => "tramitacao.gerir",
            Self::SessaoGerir => "sessao.gerir",
            Self::VotacaoOperar => "votacao.operar",
            Self::VotacaoVotar => "votacao.votar",
            Self::NoticiaPublicar => "noticia.publicar",
        }
    }
}

impl fmt::Display for Permissao {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The password rules, with the reason in Portuguese when one is broken.
pub fn validar_senha(senha: &str, email: &str) -> Result<(), ValidationError> {
    let err = |m: &str| Err(ValidationError::new("senha", m));
    let n = senha.chars().count();
    if n < 10 {
        return err("A senha deve ter pelo menos 10 caracteres.");
    }
    if n > 200 {
        return err("A senha deve ter no máximo 200 caracteres.");
    }
    let distintos: std::collections::BTreeSet<char> = senha.chars().collect();
    if distintos.len() < 4 {
        return err("A senha repete demais os mesmos caracteres; escolha uma mais variada.");
    }
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    if !local.is_empty() && senha.to_lowercase().contains(&local) {
        return err("A senha não pode conter o seu e-mail.");
    }
    Ok(())
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
    fn passwords() {
        assert!(validar_senha("curta", "a@b.c").is_err());
        assert!(validar_senha("aaaaaaaaaaaa", "a@b.c").is_err());
        assert!(validar_senha("maria.silva2026", "maria.silva@camara.leg.br").is_err());
        assert!(validar_senha("Plenario#Olinda1", "maria@camara.leg.br").is_ok());
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
