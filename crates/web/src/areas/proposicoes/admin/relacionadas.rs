//! Relations of a proposição (anexada, apensada, acessória): added by the other one's
//! identification ("PL 3/2026"), undone after confirmation.

use axum::response::Response;
use domain::ValidationError;
use store::TenantTx;
use store::auditoria::Autor;
use store::proposicoes::relacionadas::{self as rel, Relacao, TipoRelacao};
use uuid::Uuid;

use super::pagina::{FormRelacao, Secao, alvo, de_novo};
use super::{Pares, para_proposicao};
use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::entrada::{Form, Path};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{Erros, data, redirecionar};
use crate::kit::shell::Shell;

/// Relates the proposição named in the form to this one (this one is the principal).
pub(super) async fn adicionar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(pares): Form<Pares>,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let f = FormRelacao {
        tipo: pares.um("tipo"),
        proposicao: pares.um("proposicao"),
        desde: pares.um("desde"),
    };
    let mut erros = Erros::default();
    let tipo = erros.campo(
        TipoRelacao::parse(&f.tipo)
            .ok_or_else(|| ValidationError::new("tipo", "Escolha um tipo de relação da lista.")),
    );
    let desde = erros.campo(data("desde", &f.desde));
    let outra = rel::por_identificacao(&mut tx, &f.proposicao).await?;
    if outra.is_none() {
        erros.push(ValidationError::new(
            "relacionada",
            format!(
                "Não há nesta câmara a proposição \"{}\". Escreva como no exemplo: PL 3/2026.",
                f.proposicao.trim()
            ),
        ));
    }
    let (Some(tipo), Some(desde), Some(outra), true) = (tipo, desde, outra, erros.vazio()) else {
        return de_novo(&mut tx, &current, &logado, p.id, Secao::Relacao(f, erros)).await;
    };
    let r = tx
        .tentar(async |tx| rel::relacionar(tx, &logado.autor, p.id, outra, tipo, desde).await)
        .await;
    match r {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&para_proposicao(p.id, "relacao")))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            de_novo(&mut tx, &current, &logado, p.id, Secao::Relacao(f, erros)).await
        }
    }
}

impl super::Destrutiva for Relacao {
    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        rel::por_id(tx, id).await
    }

    async fn confirmacao(&self, _: &mut TenantTx, shell: Shell) -> Result<Confirmacao, WebError> {
        let segue = if self.tipo == "anexada" {
            " e não acompanhará mais a sua tramitação (o histórico já registrado fica)"
        } else {
            ""
        };
        Ok(Confirmacao::new(
            shell,
            "Desfazer relação",
            format!(
                "{} deixará de estar {} a esta proposição{segue}.",
                self.outra,
                self.tipo_rotulo().to_lowercase(),
            ),
            format!("/admin/proposicoes/relacionadas/{}/excluir", self.id),
            "Desfazer relação",
            format!("/admin/proposicoes/{}", self.principal_id),
        ))
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &Autor) -> store::Result<()> {
        rel::desfazer(tx, autor, self.id).await.map(|_| ())
    }

    fn depois(&self) -> String {
        para_proposicao(self.principal_id, "relacao_desfeita")
    }
}
