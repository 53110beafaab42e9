//! The deletion of a proposição created by mistake: only the last number of its scope,
//! with no history beyond the protocolo (its number goes back to the counter).

use store::TenantTx;
use store::auditoria::Autor;
use store::proposicoes::editar::{self, Proposicao};
use uuid::Uuid;

use crate::error::WebError;
use crate::kit::confirmacao::Confirmacao;
use crate::kit::shell::Shell;

impl super::Destrutiva for Proposicao {
    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        editar::por_id(tx, id).await
    }

    async fn confirmacao(&self, tx: &mut TenantTx, shell: Shell) -> Result<Confirmacao, WebError> {
        let c = Confirmacao::new(
            shell,
            "Excluir proposição",
            format!(
                "{} ({}) será excluída com seus autores, anexos e relações, e o número {} volta \
                 à numeração. Esta ação não pode ser desfeita.",
                self.identificacao(),
                self.ementa,
                self.numero
            ),
            format!("/admin/proposicoes/{}/excluir", self.id),
            "Excluir proposição",
            format!("/admin/proposicoes/{}", self.id),
        );
        Ok(match editar::impedimento_exclusao(tx, self).await? {
            Some(m) => c.impedida(m),
            None => c,
        })
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &Autor) -> store::Result<()> {
        editar::excluir(tx, autor, self.id).await
    }

    fn depois(&self) -> String {
        "/admin/proposicoes?aviso=excluida".into()
    }
}
