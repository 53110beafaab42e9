//! Filiações: create on the parlamentar's page, encerrar (desfiliação), delete.

use super::*;

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct FormFiliacao {
    #[serde(default)]
    pub(super) partido: String,
    #[serde(default)]
    pub(super) inicio: String,
    #[serde(default)]
    pub(super) fim: String,
}

impl FormFiliacao {
    /// The partido, the filiação and the desfiliação (if any), or every field's message.
    pub(super) fn validar(&self) -> Result<(Uuid, Date, Option<Date>), Vec<ValidationError>> {
        let mut erros = Vec::new();
        let partido = (self.partido.parse::<Uuid>())
            .map_err(|_| erros.push(ValidationError::new("partido", "Escolha o partido.")))
            .ok();
        let inicio = data("inicio", &self.inicio).map_err(|e| erros.push(e)).ok();
        let fim = data_opt("fim", &self.fim).map_err(|e| erros.push(e)).ok();
        match (partido, inicio, fim) {
            (Some(p), Some(i), Some(f)) => Ok((p, i, f)),
            _ => Err(erros),
        }
    }
}

pub(super) async fn filiacao_criar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(ff): Form<FormFiliacao>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::parlamentar_admin(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = gravar(&mut tx, ff.validar(), async |tx, (pa, i, f)| {
        parl::filiar(tx, &logado.autor, id, pa, i, f).await
    })
    .await;
    concluir(
        tx,
        r,
        |_| format!("/admin/parlamentares/{id}#filiacoes"),
        async |tx: &mut TenantTx, erros| {
            let mut page = montar(tx, &current, &logado, id).await?;
            page.ff = ff;
            page.erros_filiacao = erros;
            Ok(page)
        },
    )
    .await
}

pub(super) async fn filiacao_encerrar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<FormFim>,
) -> Result<Response, WebError> {
    let fi = parl::filiacao(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = gravar(
        &mut tx,
        data("fim", &f.fim).map_err(|v| vec![v]),
        async |tx, fim| parl::encerrar_filiacao(tx, &logado.autor, fi.id, fim).await,
    )
    .await;
    concluir(
        tx,
        r,
        |()| format!("/admin/parlamentares/{}#filiacoes", fi.parlamentar_id),
        async |tx: &mut TenantTx, mut erros| {
            let mut page = montar(tx, &current, &logado, fi.parlamentar_id).await?;
            if erros.geral.is_none() {
                erros.geral = Some(format!(
                    "Desfiliação do {}: {}",
                    fi.sigla,
                    erros.todos().join(" ")
                ));
            }
            page.erros_filiacao = erros;
            Ok(page)
        },
    )
    .await
}

impl Destrutiva for Filiacao {
    const MENU: &'static str = "/admin/parlamentares";

    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        parl::filiacao(tx, id).await
    }

    fn confirmacao(&self, shell: Shell) -> Confirmacao {
        let texto = format!(
            "A filiação ao {} iniciada em {} será excluída do histórico. Para registrar a desfiliação, use \"Encerrar\".",
            self.sigla,
            self.inicio.br()
        );
        let (acao, voltar) = (self.id, self.parlamentar_id);
        Confirmacao::new(
            shell,
            "Excluir filiação",
            texto,
            format!("/admin/filiacoes/{acao}/excluir"),
            "Excluir",
            format!("/admin/parlamentares/{voltar}"),
        )
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &Autor) -> store::Result<()> {
        parl::excluir_filiacao(tx, autor, self.id).await
    }

    fn depois(&self) -> String {
        format!("/admin/parlamentares/{}#filiacoes", self.parlamentar_id)
    }
}
