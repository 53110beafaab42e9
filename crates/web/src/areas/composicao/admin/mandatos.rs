//! Mandatos: the form on the parlamentar's page, the mandato's page, encerrar, excluir.

use super::*;

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct FormMandato {
    #[serde(default)]
    pub(super) legislatura: String,
    #[serde(default)]
    pub(super) tipo: String,
    #[serde(default)]
    pub(super) votos: String,
    #[serde(default)]
    pub(super) inicio: String,
    #[serde(default)]
    pub(super) fim: String,
}

impl FormMandato {
    pub(super) fn de(m: &Mandato) -> Self {
        Self {
            legislatura: m.legislatura_id.to_string(),
            tipo: m.tipo.clone(),
            votos: m.votos.map(|v| v.to_string()).unwrap_or_default(),
            inicio: m.inicio.br(),
            fim: m.fim.br(),
        }
    }

    pub(super) fn validar(&self) -> Result<DadosMandato, Vec<ValidationError>> {
        let mut erros = Vec::new();
        let legislatura = self.legislatura.parse::<Uuid>().unwrap_or_else(|_| {
            erros.push(ValidationError::new(
                "legislatura",
                "Escolha a legislatura.",
            ));
            Uuid::nil()
        });
        let titular = match self.tipo.as_str() {
            "titular" => true,
            "suplente" => false,
            _ => {
                erros.push(ValidationError::new("tipo", "Escolha titular ou suplente."));
                true
            }
        };
        let votos = inteiro_opt("votos", &self.votos, "Votos: informe um número inteiro.")
            .unwrap_or_else(|e| {
                erros.push(e);
                None
            });
        let inicio = data("inicio", &self.inicio).map_err(|e| erros.push(e)).ok();
        let fim = data("fim", &self.fim).map_err(|e| erros.push(e)).ok();
        match (inicio, fim) {
            (Some(inicio), Some(fim)) if erros.is_empty() => Ok(DadosMandato {
                legislatura,
                titular,
                votos,
                inicio,
                fim,
            }),
            _ => Err(erros),
        }
    }
}

pub(super) async fn mandato_criar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(fm): Form<FormMandato>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::parlamentar_admin(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = gravar(&mut tx, fm.validar(), async |tx, d| {
        parl::criar_mandato(
            tx,
            &logado.autor,
            id,
            d.legislatura,
            d.titular,
            d.votos,
            d.inicio,
            d.fim,
        )
        .await
    })
    .await;
    concluir(
        tx,
        r,
        |_| format!("/admin/parlamentares/{id}#mandatos"),
        async |tx: &mut TenantTx, erros| {
            let mut page = montar(tx, &current, &logado, id).await?;
            page.fm = fm;
            page.erros_mandato = erros;
            Ok(page)
        },
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/mandato.html")]
pub(super) struct MandatoPage {
    pub(super) shell: Shell,
    pub(super) m: Mandato,
    pub(super) parlamentar: String,
    pub(super) legislaturas: Vec<Legislatura>,
    pub(super) opcoes: Vec<(Uuid, String)>,
    pub(super) tipos: &'static [(&'static str, &'static str)],
    pub(super) fm: FormMandato,
    pub(super) erros: Erros,
    pub(super) fim: String,
    pub(super) erros_encerrar: Erros,
    pub(super) fa: FormAfastamento,
    pub(super) erros_afastamento: Erros,
    pub(super) acao_afastamento: String,
}

pub(super) async fn montar_mandato(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<MandatoPage, WebError> {
    let m = parl::mandato(tx, id).await?.ok_or(WebError::NotFound)?;
    let p = parl::parlamentar_admin(tx, m.parlamentar_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let opcoes = parl::opcoes(tx)
        .await?
        .into_iter()
        .filter(|(i, _)| *i != p.id)
        .collect();
    Ok(MandatoPage {
        shell: Shell::new(current, logado, "/admin/parlamentares"),
        parlamentar: p.nome_parlamentar,
        legislaturas: parl::legislaturas(tx, None, 200).await?,
        opcoes,
        tipos: parl::TIPOS_AFASTAMENTO,
        fm: FormMandato::de(&m),
        erros: Erros::default(),
        fim: m.fim.br(),
        erros_encerrar: Erros::default(),
        fa: FormAfastamento {
            tipo: "licenca_saude".into(),
            ..Default::default()
        },
        erros_afastamento: Erros::default(),
        acao_afastamento: format!("/admin/mandatos/{}/afastamentos", m.id),
        m,
    })
}

impl Edicao for MandatoPage {
    type Form = FormMandato;
    type Dados = DadosMandato;

    async fn montar(
        tx: &mut TenantTx,
        current: &CurrentTenant,
        logado: &Logado,
        id: Uuid,
    ) -> Result<Self, WebError> {
        montar_mandato(tx, current, logado, id).await
    }

    fn validar(f: &FormMandato) -> Result<DadosMandato, Vec<ValidationError>> {
        f.validar()
    }

    async fn depois(tx: &mut TenantTx, id: Uuid) -> Result<String, WebError> {
        let m = parl::mandato(tx, id).await?.ok_or(WebError::NotFound)?;
        Ok(format!(
            "/admin/parlamentares/{}#mandatos",
            m.parlamentar_id
        ))
    }

    async fn gravar(
        tx: &mut TenantTx,
        autor: &Autor,
        id: Uuid,
        d: DadosMandato,
    ) -> store::Result<()> {
        parl::editar_mandato(tx, autor, id, &d).await
    }

    fn com(mut self, f: FormMandato, erros: Erros) -> Self {
        self.fm = f;
        self.erros = erros;
        self
    }
}

#[derive(Deserialize)]
pub(super) struct FormFim {
    #[serde(default)]
    pub(super) fim: String,
}

pub(super) async fn mandato_encerrar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<FormFim>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    let m = parl::mandato(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = gravar(
        &mut tx,
        data("fim", &f.fim).map_err(|v| vec![v]),
        async |tx, fim| parl::encerrar_mandato(tx, &logado.autor, id, fim).await,
    )
    .await;
    concluir(
        tx,
        r,
        |()| format!("/admin/parlamentares/{}#mandatos", m.parlamentar_id),
        async |tx: &mut TenantTx, erros| {
            let mut page = montar_mandato(tx, &current, &logado, id).await?;
            page.fim = f.fim;
            page.erros_encerrar = erros;
            Ok(page)
        },
    )
    .await
}

impl Destrutiva for Mandato {
    const MENU: &'static str = "/admin/parlamentares";

    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        parl::mandato(tx, id).await
    }

    fn confirmacao(&self, shell: Shell) -> Confirmacao {
        let texto = format!(
            "O mandato de {} a {} ({}ª legislatura) será excluído com seus afastamentos. Para registrar o fim antecipado de um mandato, use \"Encerrar mandato\".",
            self.inicio.br(),
            self.fim.br(),
            self.legislatura_numero
        );
        let id = self.id;
        Confirmacao::new(
            shell,
            "Excluir mandato",
            texto,
            format!("/admin/mandatos/{id}/excluir"),
            "Excluir",
            format!("/admin/mandatos/{id}"),
        )
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &Autor) -> store::Result<()> {
        parl::excluir_mandato(tx, autor, self.id).await
    }

    fn depois(&self) -> String {
        format!("/admin/parlamentares/{}#mandatos", self.parlamentar_id)
    }
}
