//! The câmara as a tenant: its slug, its lifecycle and where its rows live.

use std::fmt;

use crate::ValidationError;

/// Names a câmara in URLs (`<slug>.<base domain>`) and on the command line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

/// Slugs that would collide with the platform's own hosts or paths.
const RESERVED_SLUGS: &[&str] = &[
    "www", "admin", "api", "app", "static", "assets", "mail", "smtp", "plenario", "platform",
    "master", "status", "docs",
];

impl Slug {
    pub const MAX_LEN: usize = 40;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let s = input.trim();
        let err = |m: &str| Err(ValidationError::new("slug", m));
        if s.len() < 3 || s.len() > Self::MAX_LEN {
            return err(&format!(
                "O identificador (slug) deve ter de 3 a {} caracteres; recebido: \"{s}\".",
                Self::MAX_LEN
            ));
        }
        if !s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return err(&format!(
                "O identificador (slug) \"{s}\" só pode conter letras minúsculas sem acento, \
                 algarismos e hífen (ex.: \"sao-jose\")."
            ));
        }
        if !s.as_bytes()[0].is_ascii_lowercase() {
            return err(&format!(
                "O identificador (slug) \"{s}\" deve começar por uma letra."
            ));
        }
        if s.ends_with('-') || s.contains("--") {
            return err(&format!(
                "O identificador (slug) \"{s}\" não pode terminar em hífen nem ter hífens seguidos."
            ));
        }
        if RESERVED_SLUGS.contains(&s) {
            return err(&format!(
                "O identificador (slug) \"{s}\" é reservado pela plataforma; escolha outro."
            ));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name of this câmara's dedicated database, should it get one.
    pub fn database_name(&self) -> String {
        format!("plenario_{}", self.0.replace('-', "_"))
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The lifecycle of a câmara in the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TenantStatus {
    /// Being created: invisible to the public until provisioning commits.
    Provisioning,
    /// Serving normally.
    Active,
    /// Closed by the operator: the portal answers with a maintenance page.
    Suspended,
    /// Being copied to another placement: reads are served, writes are refused.
    Moving,
    /// Kept for the record, no longer served.
    Archived,
}

impl TenantStatus {
    pub const ALL: [TenantStatus; 5] = [
        Self::Provisioning,
        Self::Active,
        Self::Suspended,
        Self::Moving,
        Self::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provisioning => "provisioning",
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Moving => "moving",
            Self::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Portuguese label for operators.
    pub fn label(self) -> &'static str {
        match self {
            Self::Provisioning => "em criação",
            Self::Active => "ativa",
            Self::Suspended => "suspensa",
            Self::Moving => "em mudança",
            Self::Archived => "arquivada",
        }
    }

    /// Whether the operator may move a câmara from `self` to `to` by hand
    /// (suspend, resume, start or finish a move).
    pub fn can_become(self, to: TenantStatus) -> bool {
        use TenantStatus::*;
        matches!(
            (self, to),
            (Provisioning, Active)
                | (Active, Suspended)
                | (Suspended, Active)
                | (Active, Moving)
                | (Suspended, Moving)
                | (Moving, Active)
                | (Moving, Suspended)
                | (Active | Suspended, Archived)
        )
    }
}

impl fmt::Display for TenantStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a câmara's rows live.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Placement {
    /// The shared tables of the cluster's main database.
    Pool { cluster: String },
    /// The same schema in a database of its own on the cluster.
    Dedicated { cluster: String, database: String },
}

impl Placement {
    pub fn cluster(&self) -> &str {
        match self {
            Self::Pool { cluster } | Self::Dedicated { cluster, .. } => cluster,
        }
    }

    /// `None` for the pool (the cluster's main database).
    pub fn database(&self) -> Option<&str> {
        match self {
            Self::Pool { .. } => None,
            Self::Dedicated { database, .. } => Some(database),
        }
    }

    /// Parses the catalog form: `pool@main` or `dedicated@main/plenario_x`.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let err = || {
            ValidationError::new(
                "placement",
                format!(
                    "Posicionamento inválido: \"{s}\". Use pool@<cluster> ou \
                     dedicated@<cluster>/<banco>."
                ),
            )
        };
        let (kind, rest) = s.split_once('@').ok_or_else(err)?;
        match kind {
            "pool" => {
                valid_name(rest).ok_or_else(err)?;
                Ok(Self::Pool {
                    cluster: rest.to_owned(),
                })
            }
            "dedicated" => {
                let (cluster, database) = rest.split_once('/').ok_or_else(err)?;
                valid_name(cluster).ok_or_else(err)?;
                valid_name(database).ok_or_else(err)?;
                Ok(Self::Dedicated {
                    cluster: cluster.to_owned(),
                    database: database.to_owned(),
                })
            }
            _ => Err(err()),
        }
    }
}

impl fmt::Display for Placement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Pool { cluster } => write!(f, "pool@{cluster}"),
            Self::Dedicated { cluster, database } => write!(f, "dedicated@{cluster}/{database}"),
        }
    }
}

/// What an operator asks for: `pool`, `pool@c2`, `dedicated`, `dedicated@c2`,
/// or a full `dedicated@c2/nome_do_banco`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacementTarget {
    Pool {
        cluster: Option<String>,
    },
    Dedicated {
        cluster: Option<String>,
        database: Option<String>,
    },
}

impl PlacementTarget {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let err = || {
            ValidationError::new(
                "placement",
                format!(
                    "Posicionamento inválido: \"{s}\". Use pool, pool@<cluster>, dedicated ou \
                     dedicated@<cluster>[/<banco>]."
                ),
            )
        };
        let (kind, rest) = match s.split_once('@') {
            Some((k, r)) => (k, Some(r)),
            None => (s, None),
        };
        match (kind, rest) {
            ("pool", None) => Ok(Self::Pool { cluster: None }),
            ("pool", Some(c)) => {
                valid_name(c).ok_or_else(err)?;
                Ok(Self::Pool {
                    cluster: Some(c.to_owned()),
                })
            }
            ("dedicated", None) => Ok(Self::Dedicated {
                cluster: None,
                database: None,
            }),
            ("dedicated", Some(rest)) => {
                let (c, db) = match rest.split_once('/') {
                    Some((c, db)) => (c, Some(db)),
                    None => (rest, None),
                };
                valid_name(c).ok_or_else(err)?;
                if let Some(db) = db {
                    valid_name(db).ok_or_else(err)?;
                }
                Ok(Self::Dedicated {
                    cluster: Some(c.to_owned()),
                    database: db.map(str::to_owned),
                })
            }
            _ => Err(err()),
        }
    }

    /// The concrete placement for `slug`, with `default_cluster` where none was named.
    pub fn resolve(&self, slug: &Slug, default_cluster: &str) -> Placement {
        match self {
            Self::Pool { cluster } => Placement::Pool {
                cluster: cluster
                    .clone()
                    .unwrap_or_else(|| default_cluster.to_owned()),
            },
            Self::Dedicated { cluster, database } => Placement::Dedicated {
                cluster: cluster
                    .clone()
                    .unwrap_or_else(|| default_cluster.to_owned()),
                database: database.clone().unwrap_or_else(|| slug.database_name()),
            },
        }
    }
}

/// Cluster and database names: lowercase identifiers safe to quote in SQL and file names.
pub fn valid_name(s: &str) -> Option<()> {
    let ok = !s.is_empty()
        && s.len() <= 63
        && s.as_bytes()[0].is_ascii_lowercase()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    ok.then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(Slug::parse("sao-jose").unwrap().as_str(), "sao-jose");
        assert_eq!(Slug::parse(" olinda ").unwrap().as_str(), "olinda");
        for bad in [
            "ab",
            "São-josé",
            "1camara",
            "camara-",
            "a--b",
            "www",
            "Camara",
            "a b c",
        ] {
            let e = Slug::parse(bad).unwrap_err();
            assert_eq!(e.field, "slug", "{bad}");
        }
        assert_eq!(
            Slug::parse("serra-azul").unwrap().database_name(),
            "plenario_serra_azul"
        );
    }

    #[test]
    fn placements_round_trip() {
        for s in ["pool@main", "dedicated@main/plenario_olinda", "pool@c2"] {
            assert_eq!(Placement::parse(s).unwrap().to_string(), s);
        }
        for bad in [
            "pool",
            "pool@",
            "dedicated@main",
            "x@y",
            "pool@Main",
            "dedicated@a/b;drop",
        ] {
            assert!(Placement::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn targets_resolve_with_defaults() {
        let slug = Slug::parse("vila-rica").unwrap();
        let t = PlacementTarget::parse("dedicated").unwrap();
        assert_eq!(
            t.resolve(&slug, "main").to_string(),
            "dedicated@main/plenario_vila_rica"
        );
        let t = PlacementTarget::parse("pool@c2").unwrap();
        assert_eq!(t.resolve(&slug, "main").to_string(), "pool@c2");
        let t = PlacementTarget::parse("dedicated@c2/vr").unwrap();
        assert_eq!(t.resolve(&slug, "main").to_string(), "dedicated@c2/vr");
        assert!(PlacementTarget::parse("shared").is_err());
    }

    #[test]
    fn status_transitions() {
        use TenantStatus::*;
        assert!(Active.can_become(Suspended));
        assert!(Suspended.can_become(Active));
        assert!(!Archived.can_become(Active));
        assert!(!Provisioning.can_become(Suspended));
        for s in TenantStatus::ALL {
            assert_eq!(TenantStatus::parse(s.as_str()), Some(s));
        }
    }
}
