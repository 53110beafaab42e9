//! Legislaturas: the list with its form, the legislatura's page, delete.

use super::*;

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct FormPeriodo {
    #[serde(default)]
    pub(super) numero: String,
    #[serde(default)]
    pub(super) inicio: String,
    #[serde(default)]
    pub(super) fim: String,
}

impl FormPeriodo {
    pub(super) fn de(numero: i32, inicio: Date, fim: Date) -> Self {
        Self {
            numero: numero.to_string(),
            inicio: inicio.br(),
            fim: fim.br(),
        }
    }

    pub(super) fn validar(&self) -> Result<(i32, Date, Date), Vec<ValidationError>> {
        let mut erros = Vec::new();
        let numero = match self.numero.trim().parse::<i32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                erros.push(ValidationError::new(
                    "numero",
                    "Informe o número (inteiro positivo).",
                ));
                None
            }
        };
        let inicio = data("inicio", &self.inicio).map_err(|e| erros.push(e)).ok();
        let fim = data("fim", &self.fim).map_err(|e| erros.push(e)).ok();
        match (numero, inicio, fim) {
            (Some(n), Some(i), Some(f)) if erros.is_empty() => Ok((n, i, f)),
            _ => Err(erros),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/legislaturas.html")]
pub(super) struct LegislaturasPage {
    pub(super) shell: Shell,
    pub(super) legislaturas: Vec<LegislaturaResumo>,
    pub(super) f: FormPeriodo,
    pub(super) erros: Erros,
}

pub(super) async fn montar_legislaturas(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
) -> Result<LegislaturasPage, WebError> {
    Ok(LegislaturasPage {
        shell: Shell::new(current, logado, "/admin/legislaturas"),
        legislaturas: parl::legislaturas_resumo(tx).await?,
        f: FormPeriodo::default(),
        erros: Erros::default(),
    })
}

pub(super) async fn legislaturas(
    Admin(mut tx, current, logado): Admin,
) -> Result<LegislaturasPage, WebError> {
    montar_legislaturas(&mut tx, &current, &logado).await
}

pub(super) async fn legislatura_criar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<FormPeriodo>,
) -> Result<Response, WebError> {
    let r = gravar(&mut tx, f.validar(), async |tx, (n, i, fim)| {
        parl::criar_legislatura(tx, &logado.autor, n, i, fim).await
    })
    .await;
    concluir(
        tx,
        r,
        |l| format!("/admin/legislaturas/{}", l.id),
        async |tx: &mut TenantTx, erros| {
            let mut page = montar_legislaturas(tx, &current, &logado).await?;
            page.f = f;
            page.erros = erros;
            Ok(page)
        },
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/legislatura.html")]
pub(super) struct LegislaturaPage {
    pub(super) shell: Shell,
    pub(super) l: Legislatura,
    pub(super) sessoes: Vec<SessaoLegislativa>,
    pub(super) f: FormPeriodo,
    pub(super) erros: Erros,
    pub(super) fs: FormPeriodo,
    pub(super) erros_sessao: Erros,
}

pub(super) async fn montar_legislatura(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<LegislaturaPage, WebError> {
    let l = parl::legislatura(tx, id).await?.ok_or(WebError::NotFound)?;
    let sessoes = parl::sessoes_legislativas(tx, id).await?;
    let proxima = sessoes.last().map(|s| s.numero + 1).unwrap_or(1);
    Ok(LegislaturaPage {
        shell: Shell::new(current, logado, "/admin/legislaturas"),
        f: FormPeriodo::de(l.numero, l.inicio, l.fim),
        erros: Erros::default(),
        fs: FormPeriodo {
            numero: proxima.to_string(),
            ..Default::default()
        },
        erros_sessao: Erros::default(),
        sessoes,
        l,
    })
}

impl Edicao for LegislaturaPage {
    type Form = FormPeriodo;
    type Dados = (i32, Date, Date);

    async fn montar(
        tx: &mut TenantTx,
        current: &CurrentTenant,
        logado: &Logado,
        id: Uuid,
    ) -> Result<Self, WebError> {
        montar_legislatura(tx, current, logado, id).await
    }

    fn validar(f: &FormPeriodo) -> Result<Self::Dados, Vec<ValidationError>> {
        f.validar()
    }

    async fn depois(tx: &mut TenantTx, id: Uuid) -> Result<String, WebError> {
        parl::legislatura(tx, id).await?.ok_or(WebError::NotFound)?;
        Ok("/admin/legislaturas".into())
    }

    async fn gravar(
        tx: &mut TenantTx,
        autor: &Autor,
        id: Uuid,
        (n, i, fim): Self::Dados,
    ) -> store::Result<()> {
        parl::editar_legislatura(tx, autor, id, n, i, fim)
            .await
            .map(|_| ())
    }

    fn com(mut self, f: FormPeriodo, erros: Erros) -> Self {
        self.f = f;
        self.erros = erros;
        self
    }
}

impl Destrutiva for Legislatura {
    const MENU: &'static str = "/admin/legislaturas";

    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        parl::legislatura(tx, id).await
    }

    fn confirmacao(&self, shell: Shell) -> Confirmacao {
        let texto = format!(
            "A {}ª legislatura ({} a {}) será excluída com suas sessões legislativas. Só é possível excluir uma legislatura sem mandatos.",
            self.numero,
            self.inicio.br(),
            self.fim.br()
        );
        let id = self.id;
        Confirmacao::new(
            shell,
            "Excluir legislatura",
            texto,
            format!("/admin/legislaturas/{id}/excluir"),
            "Excluir",
            format!("/admin/legislaturas/{id}"),
        )
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &Autor) -> store::Result<()> {
        parl::excluir_legislatura(tx, autor, self.id).await
    }

    fn depois(&self) -> String {
        "/admin/legislaturas".into()
    }
}
