//! The câmaras of the platform: the paged list, one câmara's page, and a new câmara.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{PlacementTarget, Slug};
use serde::Deserialize;
use store::infra::catalog::{self, Tenant};
use store::infra::provision::{self, NewTenant};
use store::{Access, TenantTx};

use super::{PaginaQuery, camara, logado, pagina_de_camaras};
use crate::error::WebError;
use crate::http::entrada::{Form, Path, Query};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/camaras.html")]
pub(super) struct CamarasPage {
    admin: String,
    csrf: String,
    /// Each câmara with its last backup ("nunca" without one).
    camaras: Vec<(Tenant, String)>,
    total: i64,
    pagina: i64,
    paginas: i64,
    base_domain: String,
}

pub(super) async fn camaras(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Query(q): Query<PaginaQuery>,
) -> Result<CamarasPage, WebError> {
    let l = logado(&ext)?;
    let (camaras, pagina, paginas, total) = pagina_de_camaras(&state, q.pagina).await?;
    let backups = store::plataforma::backup::registro::ultimos_backups(&state.store).await?;
    let camaras = camaras
        .into_iter()
        .map(|t| {
            let b = backups
                .iter()
                .find(|b| b.tenant_id == t.id)
                .map_or_else(|| "nunca".to_owned(), ultimo_backup);
            (t, b)
        })
        .collect();
    Ok(CamarasPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        camaras,
        total,
        pagina,
        paginas,
        base_domain: state.config.base_domain.clone(),
    })
}

/// "01/12/2026 03:00 (há 5 h)" in Brasília time, with a warning when a later attempt failed.
fn ultimo_backup(b: &store::plataforma::backup::registro::UltimoBackup) -> String {
    let brasilia = time::UtcOffset::from_hms(-3, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let quando =
        b.em.to_offset(brasilia)
            .format(time::macros::format_description!(
                "[day]/[month]/[year] [hour]:[minute]"
            ))
            .unwrap_or_default();
    let s = b.idade_s.max(0.0) as i64;
    let idade = match s {
        0..60 => "há menos de 1 min".to_owned(),
        60..3600 => format!("há {} min", s / 60),
        3600..86400 => format!("há {} h", s / 3600),
        _ => format!("há {} dias", s / 86400),
    };
    let falha = if b.falhou_depois {
        "; a última tentativa falhou"
    } else {
        ""
    };
    format!("{quando} ({idade}{falha})")
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/detalhe.html")]
pub(super) struct DetalhePage {
    admin: String,
    csrf: String,
    t: Tenant,
    dominios: Vec<(String, bool)>,
    usuarios: i64,
    base_domain: String,
    /// The address of its portal (`…/`), and "da Câmara Municipal de …".
    portal: String,
    da_camara: String,
    /// The rate-limit form ([`super::limites`]).
    limites: super::limites::Campos,
}

pub(super) async fn detalhe(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path(slug): Path<String>,
) -> Result<DetalhePage, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    let limites = super::limites::Campos::da_camara(&state, &t);
    pagina_detalhe(&state, l, t, limites).await
}

/// A câmara's page, with the rate-limit form as given.
pub(super) async fn pagina_detalhe(
    state: &AppState,
    l: super::Logado,
    t: Tenant,
    limites: super::limites::Campos,
) -> Result<DetalhePage, WebError> {
    let dominios = catalog::domains(state.store.control(), t.id).await?;
    // Reading inside a câmara: through its scoped transaction, and audited.
    let mut tx = TenantTx::begin(&state.store, &t, Access::Read).await?;
    let (_, usuarios) = store::conta::usuarios::listar(&mut tx, 1, 0).await?;
    drop(tx);
    l.leu(state, &t, "contagem de usuários").await?;
    Ok(DetalhePage {
        admin: l.admin.nome,
        csrf: l.csrf,
        portal: portal(state, &t, &dominios),
        da_camara: crate::kit::formato::de_camara(&t.nome_oficial),
        t,
        dominios,
        usuarios,
        base_domain: state.config.base_domain.clone(),
        limites,
    })
}

/// The address of the câmara's portal: its principal domain, else its subdomain.
pub(super) fn portal(state: &AppState, t: &Tenant, dominios: &[(String, bool)]) -> String {
    let host = dominios
        .iter()
        .find(|(_, principal)| *principal)
        .map(|(d, _)| d.clone())
        .unwrap_or_else(|| format!("{}.{}", t.slug, state.config.base_domain));
    format!("{}/", crate::http::origem::de_host(state, &host))
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/nova.html")]
pub(super) struct NovaPage {
    admin: String,
    csrf: String,
    f: NovaForm,
    erro: Option<String>,
    criada: Option<(Tenant, Option<String>, u128)>,
    /// The new câmara's portal address.
    portal: String,
}

#[derive(Deserialize, Default, Clone)]
pub(super) struct NovaForm {
    slug: String,
    nome: String,
    municipio: String,
    uf: String,
    #[serde(default)]
    dominio: String,
    #[serde(default)]
    posicionamento: String,
    #[serde(default)]
    admin_email: String,
    /// The checkbox "Outra câmara no mesmo município" (present when ticked).
    #[serde(default)]
    mesmo_municipio: Option<String>,
}

pub(super) async fn nova_form(ext: axum::http::Extensions) -> Result<NovaPage, WebError> {
    let l = logado(&ext)?;
    Ok(NovaPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        f: NovaForm {
            posicionamento: "pool".into(),
            ..Default::default()
        },
        erro: None,
        criada: None,
        portal: String::new(),
    })
}

pub(super) async fn nova(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Form(f): Form<NovaForm>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let parsed = (|| -> Result<NewTenant, store::Error> {
        Ok(NewTenant {
            slug: Slug::parse(&f.slug)?,
            nome_oficial: provision::validate_nome(&f.nome)?,
            municipio: domain::municipios::find(&f.municipio, &f.uf)?,
            domain: (!f.dominio.trim().is_empty())
                .then(|| domain::host::parse_domain(&f.dominio))
                .transpose()?,
            placement: PlacementTarget::parse(if f.posicionamento.is_empty() {
                "pool"
            } else {
                &f.posicionamento
            })?,
            admin_email: (!f.admin_email.trim().is_empty())
                .then(|| provision::validate_email(&f.admin_email))
                .transpose()?,
            mesmo_municipio: f.mesmo_municipio.is_some(),
        })
    })();
    let result = match parsed {
        Ok(new) => {
            provision::create(&state.store, new, &state.config.base_domain, &l.actor()).await
        }
        Err(e) => Err(e),
    };
    let page = |erro, criada: Option<(Tenant, Option<String>, u128)>| NovaPage {
        admin: l.admin.nome.clone(),
        csrf: l.csrf.clone(),
        f: f.clone(),
        erro,
        portal: criada
            .as_ref()
            .map(|(t, _, _)| portal(&state, t, &[]))
            .unwrap_or_default(),
        criada,
    };
    match result {
        Ok(done) => Ok((
            StatusCode::CREATED,
            page(
                None,
                Some((done.tenant, done.admin_password, done.elapsed.as_millis())),
            ),
        )
            .into_response()),
        Err(
            e @ (store::Error::Validation(_)
            | store::Error::Conflict(_)
            | store::Error::UnknownCluster(_)),
        ) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(Some(e.to_string()), None),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}
