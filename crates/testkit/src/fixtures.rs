//! Rows in every table of `app`, for the isolation suite.
//!
//! When a migration adds a table, add rows for it here: the suite fails on any table that
//! has no fixture rows (see [`isolation::check_database`](crate::isolation::check_database)).

use domain::auth::Papel;
use store::auditoria::Autor;
use store::camara::{self, Contatos};
use store::catalog::Tenant;
use store::usuarios::{self, NovoUsuario};
use store::{Access, Store, TenantTx, contador, segundo_fator, sessoes};

/// A string unique to `tenant`, planted in its free-text columns. Another câmara's
/// response containing it is a leak.
pub fn canary(tenant: &Tenant) -> String {
    format!("CANARIO-{}-{}", tenant.slug, tenant.id)
}

/// Fills every table of `app` for `tenant` with a few rows carrying its canary.
pub async fn populate(store: &Store, tenant: &Tenant) {
    let c = canary(tenant);
    let mut tx = TenantTx::begin(store, tenant, Access::Write).await.unwrap();
    camara::update_contatos(
        &mut tx,
        &Contatos {
            endereco: format!("Rua {c}, 100"),
            cep: "53020-080".into(),
            cnpj: String::new(),
            telefones: vec!["(81) 3429-0000".into()],
            email: format!("contato@{}.example", tenant.slug),
            horario_atendimento: format!("Atendimento {c}"),
        },
    )
    .await
    .unwrap();
    camara::add_rede_social(
        &mut tx,
        "instagram",
        &format!("https://instagram.com/{c}"),
        1,
    )
    .await
    .unwrap();
    camara::add_rede_social(&mut tx, "youtube", &format!("https://youtube.com/{c}"), 2)
        .await
        .unwrap();
    contador::proximo(&mut tx, &format!("{c}:PL:2026"))
        .await
        .unwrap();
    contador::proximo(&mut tx, "sessao:ordinaria:2026")
        .await
        .unwrap();
    let autor = Autor::cli("fixtures");
    let (usuario, _) = usuarios::criar(
        &mut tx,
        &autor,
        &NovoUsuario {
            nome: format!("Usuária {c}"),
            email: format!("{}@fixture.example", tenant.slug),
            papel: Papel::Secretaria,
        },
    )
    .await
    .unwrap();
    sessoes::criar(
        &mut tx,
        &usuario,
        None,
        &c,
        sessoes::Limites::default(),
        false,
    )
    .await
    .unwrap();
    sessoes::registrar_falha(&mut tx, &format!("{c}@fixture.example"), None)
        .await
        .unwrap();
    // Two-factor login, with its recovery codes.
    let (secret, _) = segundo_fator::iniciar(&mut tx, &usuario, "Plenário")
        .await
        .unwrap();
    let code = segundo_fator::codigo_atual(&secret).unwrap();
    segundo_fator::confirmar(&mut tx, &autor, &usuario, &code)
        .await
        .unwrap()
        .expect("current code accepted");
    // The composition: a legislatura, a partido, a parlamentar with a mandato and a filiação.
    use time::macros::date;
    let leg = store::parlamentares::criar_legislatura(
        &mut tx,
        &autor,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    let partido = store::parlamentares::criar_partido(
        &mut tx,
        &autor,
        "PCA",
        &format!("Partido {c}"),
        Some(77),
    )
    .await
    .unwrap();
    let (parl, _) = store::parlamentares::criar_parlamentar(
        &mut tx,
        &autor,
        &store::parlamentares::NovoParlamentar {
            nome_civil: format!("Vereadora {c}"),
            nome_parlamentar: format!("Vereadora {}", tenant.slug),
            biografia: format!("Biografia {c}"),
            cpf: Some("12345678909".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    store::parlamentares::criar_mandato(
        &mut tx,
        &autor,
        parl,
        leg.id,
        true,
        Some(1234),
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    store::parlamentares::filiar(&mut tx, &autor, parl, partido, date!(2024 - 03 - 01), None)
        .await
        .unwrap();
    // A password reset asked for by e-mail.
    store::senha_reset::solicitar(&mut tx, &usuario.email, None)
        .await
        .unwrap()
        .expect("a reset for an active user");
    tx.commit().await.unwrap();
}

/// An active user of `tenant` with `papel`, logged in: the user and a `Cookie` header
/// value for its session.
pub async fn logged_in(
    store: &Store,
    tenant: &Tenant,
    papel: Papel,
) -> (usuarios::Usuario, String) {
    let mut tx = TenantTx::begin(store, tenant, Access::Write).await.unwrap();
    let email = format!(
        "{}-{}@teste.example",
        papel.as_str().to_lowercase(),
        crate::unique("u")
    );
    let (usuario, _) = usuarios::criar(
        &mut tx,
        &Autor::cli("fixtures"),
        &NovoUsuario {
            nome: format!("Pessoa {}", papel.label()),
            email,
            papel,
        },
    )
    .await
    .unwrap();
    // Skip the first-login password change.
    sqlx::query("UPDATE app.usuario SET trocar_senha = false WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.id)
        .bind(usuario.id)
        .execute(tx.conn())
        .await
        .unwrap();
    let sessao = sessoes::criar(
        &mut tx,
        &usuario,
        None,
        "teste",
        sessoes::Limites::default(),
        false,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let usuario = usuarios::Usuario {
        trocar_senha: false,
        ..usuario
    };
    (
        usuario,
        format!("{}={}", web::auth::SESSION_COOKIE, sessao.cookie),
    )
}
