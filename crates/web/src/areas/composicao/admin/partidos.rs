//! Partidos: the list with its form, the partido's page, the logo, delete.

use super::*;

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct FormPartido {
    #[serde(default)]
    pub(super) sigla: String,
    #[serde(default)]
    pub(super) nome: String,
    #[serde(default)]
    pub(super) numero: String,
}

impl FormPartido {
    pub(super) fn validar(&self) -> Result<(String, String, Option<i32>), Vec<ValidationError>> {
        match inteiro_opt(
            "numero",
            &self.numero,
            "O número eleitoral deve ser um inteiro de 10 a 99.",
        ) {
            Ok(n) => Ok((self.sigla.trim().to_owned(), self.nome.trim().to_owned(), n)),
            Err(e) => Err(vec![e]),
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct PartidosQuery {
    pub(super) q: Option<String>,
    pub(super) pagina: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/partidos.html")]
pub(super) struct PartidosPage {
    pub(super) shell: Shell,
    pub(super) partidos: Vec<PartidoResumo>,
    pub(super) q: String,
    pub(super) pagina: i64,
    pub(super) paginas: i64,
    pub(super) total: i64,
    pub(super) f: FormPartido,
    pub(super) erros: Erros,
}

pub(super) async fn montar_partidos(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    q: &str,
    pagina: i64,
) -> Result<PartidosPage, WebError> {
    let pagina = pagina.max(1);
    let (partidos, total) =
        parl::partidos_admin(tx, Some(q), POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    Ok(PartidosPage {
        shell: Shell::new(current, logado, "/admin/partidos"),
        partidos,
        q: q.to_owned(),
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        f: FormPartido::default(),
        erros: Erros::default(),
    })
}

pub(super) async fn partidos(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<PartidosQuery>,
) -> Result<PartidosPage, WebError> {
    let busca = q.q.as_deref().map(str::trim).unwrap_or("");
    montar_partidos(&mut tx, &current, &logado, busca, q.pagina.unwrap_or(1)).await
}

pub(super) async fn partido_criar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<FormPartido>,
) -> Result<Response, WebError> {
    let r = gravar(&mut tx, f.validar(), async |tx, (s, n, num)| {
        parl::criar_partido(tx, &logado.autor, &s, &n, num).await
    })
    .await;
    concluir(
        tx,
        r,
        |_| "/admin/partidos".into(),
        async |tx: &mut TenantTx, erros| {
            let mut page = montar_partidos(tx, &current, &logado, "", 1).await?;
            page.f = f;
            page.erros = erros;
            Ok(page)
        },
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/partido.html")]
pub(super) struct PartidoPage {
    pub(super) shell: Shell,
    pub(super) p: Partido,
    pub(super) f: FormPartido,
    pub(super) erros: Erros,
    pub(super) erros_logo: Erros,
}

pub(super) async fn montar_partido(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<PartidoPage, WebError> {
    let p = parl::partido(tx, id).await?.ok_or(WebError::NotFound)?;
    Ok(PartidoPage {
        shell: Shell::new(current, logado, "/admin/partidos"),
        f: FormPartido {
            sigla: p.sigla.clone(),
            nome: p.nome.clone(),
            numero: p.numero.map(|n| n.to_string()).unwrap_or_default(),
        },
        erros: Erros::default(),
        erros_logo: Erros::default(),
        p,
    })
}

impl Edicao for PartidoPage {
    type Form = FormPartido;
    type Dados = (String, String, Option<i32>);

    async fn montar(
        tx: &mut TenantTx,
        current: &CurrentTenant,
        logado: &Logado,
        id: Uuid,
    ) -> Result<Self, WebError> {
        montar_partido(tx, current, logado, id).await
    }

    fn validar(f: &FormPartido) -> Result<Self::Dados, Vec<ValidationError>> {
        f.validar()
    }

    async fn depois(tx: &mut TenantTx, id: Uuid) -> Result<String, WebError> {
        parl::partido(tx, id).await?.ok_or(WebError::NotFound)?;
        Ok("/admin/partidos".into())
    }

    async fn gravar(
        tx: &mut TenantTx,
        autor: &Autor,
        id: Uuid,
        (s, n, num): Self::Dados,
    ) -> store::Result<()> {
        parl::editar_partido(tx, autor, id, &s, &n, num).await
    }

    fn com(mut self, f: FormPartido, erros: Erros) -> Self {
        self.f = f;
        self.erros = erros;
        self
    }
}

pub(super) async fn logo_enviar(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    crate::http::corpo::Envio(mut mp): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::partido(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let grande = "O arquivo deve ter no máximo 5 MB; reduza-o e envie de novo.";
    let envio = crate::kit::multiparte::Multiparte::ler(&mut mp, &["logo"], grande).await;
    let processado = match envio.map(|mut e| e.arquivo("logo")) {
        Ok(Some(a)) => {
            let d = a.bytes;
            match tokio::task::spawn_blocking(move || {
                store::infra::arquivos::processar_imagem(&d, &parl::LOGO)
            })
            .await
            {
                Ok(r) => r,
                Err(_) => Err(ValidationError::new(
                    "logo",
                    "Não foi possível ler a imagem enviada.",
                )),
            }
        }
        Ok(None) => Err(ValidationError::new(
            "logo",
            "Escolha o arquivo do logotipo.",
        )),
        Err(v) => Err(ValidationError::new("logo", v.message)),
    };
    match processado {
        Ok(png) => {
            parl::definir_logo_partido(&mut tx, &logado.autor, state.store.arquivos(), id, png)
                .await?;
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/partidos/{id}")))
        }
        Err(v) => {
            let mut page = montar_partido(&mut tx, &current, &logado, id).await?;
            page.erros_logo = Erros::de_lista(vec![v]);
            Ok(invalido(page))
        }
    }
}

impl Destrutiva for Partido {
    const MENU: &'static str = "/admin/partidos";

    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        parl::partido(tx, id).await
    }

    fn confirmacao(&self, shell: Shell) -> Confirmacao {
        let texto = format!(
            "O partido {} — {} será excluído. Só é possível excluir um partido sem filiações registradas.",
            self.sigla, self.nome
        );
        let id = self.id;
        Confirmacao::new(
            shell,
            "Excluir partido",
            texto,
            format!("/admin/partidos/{id}/excluir"),
            "Excluir",
            format!("/admin/partidos/{id}"),
        )
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &Autor) -> store::Result<()> {
        parl::excluir_partido(tx, autor, self.id).await
    }

    fn depois(&self) -> String {
        "/admin/partidos".into()
    }
}

/// The removal of a partido's logo.
pub(super) struct Logo(Partido);

impl Destrutiva for Logo {
    const MENU: &'static str = "/admin/partidos";

    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        Ok(parl::partido(tx, id).await?.map(Logo))
    }

    fn confirmacao(&self, shell: Shell) -> Confirmacao {
        let texto = format!(
            "O logotipo do {} deixará de aparecer no portal.",
            self.0.sigla
        );
        let id = self.0.id;
        Confirmacao::new(
            shell,
            "Remover logotipo",
            texto,
            format!("/admin/partidos/{id}/remover-logo"),
            "Remover",
            format!("/admin/partidos/{id}"),
        )
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &Autor) -> store::Result<()> {
        parl::remover_logo_partido(tx, autor, self.0.id).await
    }

    fn depois(&self) -> String {
        format!("/admin/partidos/{}", self.0.id)
    }
}
