//! The parlamentar's redes sociais: add on the parlamentar's page, remove.

use super::*;

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct FormRede {
    #[serde(default)]
    pub(super) rede: String,
    #[serde(default)]
    pub(super) url: String,
}

pub(super) async fn rede_criar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(fr): Form<FormRede>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::parlamentar_admin(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = gravar(&mut tx, Ok(()), async |tx, ()| {
        parl::adicionar_rede(tx, &logado.autor, id, &fr.rede, &fr.url).await
    })
    .await;
    concluir(
        tx,
        r,
        |_| format!("/admin/parlamentares/{id}#redes"),
        async |tx: &mut TenantTx, erros| {
            let mut page = montar(tx, &current, &logado, id).await?;
            page.fr = fr;
            page.erros_rede = erros;
            Ok(page)
        },
    )
    .await
}

/// A parlamentar's link and whose it is.
pub(super) struct Rede(Uuid, RedeParlamentar);

impl Destrutiva for Rede {
    const MENU: &'static str = "/admin/parlamentares";

    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        Ok(parl::rede(tx, id).await?.map(|(p, r)| Rede(p, r)))
    }

    fn confirmacao(&self, shell: Shell) -> Confirmacao {
        let Rede(p, r) = self;
        let texto = format!("O endereço {} ({}) será removido.", r.url, r.label());
        let acao = format!("/admin/redes-parlamentares/{}/excluir", r.id);
        Confirmacao::new(
            shell,
            "Remover rede social",
            texto,
            acao,
            "Remover",
            format!("/admin/parlamentares/{p}"),
        )
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &Autor) -> store::Result<()> {
        parl::remover_rede(tx, autor, self.1.id).await
    }

    fn depois(&self) -> String {
        format!("/admin/parlamentares/{}#redes", self.0)
    }
}
