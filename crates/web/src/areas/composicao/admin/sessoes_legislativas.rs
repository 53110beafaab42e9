//! Sessões legislativas: create on the legislatura's page, edit, delete.

use super::*;

pub(super) async fn sessao_criar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(fs): Form<FormPeriodo>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::legislatura(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = gravar(&mut tx, fs.validar(), async |tx, (n, i, fim)| {
        parl::criar_sessao_legislativa(tx, &logado.autor, id, n, i, fim).await
    })
    .await;
    concluir(
        tx,
        r,
        |_| format!("/admin/legislaturas/{id}#sessoes"),
        async |tx: &mut TenantTx, erros| {
            let mut page = montar_legislatura(tx, &current, &logado, id).await?;
            page.fs = fs;
            page.erros_sessao = erros;
            Ok(page)
        },
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/sessao_legislativa.html")]
pub(super) struct SessaoPage {
    pub(super) shell: Shell,
    pub(super) s: SessaoLegislativa,
    pub(super) legislatura: i32,
    pub(super) f: FormPeriodo,
    pub(super) erros: Erros,
}

pub(super) async fn montar_sessao(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<SessaoPage, WebError> {
    let s = parl::sessao_legislativa(tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let l = parl::legislatura(tx, s.legislatura_id)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(SessaoPage {
        shell: Shell::new(current, logado, "/admin/legislaturas"),
        legislatura: l.numero,
        f: FormPeriodo::de(s.numero, s.inicio, s.fim),
        erros: Erros::default(),
        s,
    })
}

impl Edicao for SessaoPage {
    type Form = FormPeriodo;
    type Dados = (i32, Date, Date);

    async fn montar(
        tx: &mut TenantTx,
        current: &CurrentTenant,
        logado: &Logado,
        id: Uuid,
    ) -> Result<Self, WebError> {
        montar_sessao(tx, current, logado, id).await
    }

    fn validar(f: &FormPeriodo) -> Result<Self::Dados, Vec<ValidationError>> {
        f.validar()
    }

    async fn depois(tx: &mut TenantTx, id: Uuid) -> Result<String, WebError> {
        let s = parl::sessao_legislativa(tx, id)
            .await?
            .ok_or(WebError::NotFound)?;
        Ok(format!("/admin/legislaturas/{}#sessoes", s.legislatura_id))
    }

    async fn gravar(
        tx: &mut TenantTx,
        autor: &Autor,
        id: Uuid,
        (n, i, fim): Self::Dados,
    ) -> store::Result<()> {
        parl::editar_sessao_legislativa(tx, autor, id, n, i, fim)
            .await
            .map(|_| ())
    }

    fn com(mut self, f: FormPeriodo, erros: Erros) -> Self {
        self.f = f;
        self.erros = erros;
        self
    }
}

impl Destrutiva for SessaoLegislativa {
    const MENU: &'static str = "/admin/legislaturas";

    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        parl::sessao_legislativa(tx, id).await
    }

    fn confirmacao(&self, shell: Shell) -> Confirmacao {
        let texto = format!(
            "A {}ª sessão legislativa ({} a {}) será excluída. Não é possível excluir uma sessão legislativa com Mesa Diretora ou sessões plenárias.",
            self.numero,
            self.inicio.br(),
            self.fim.br()
        );
        let (acao, voltar) = (self.id, self.legislatura_id);
        Confirmacao::new(
            shell,
            "Excluir sessão legislativa",
            texto,
            format!("/admin/sessoes-legislativas/{acao}/excluir"),
            "Excluir",
            format!("/admin/legislaturas/{voltar}"),
        )
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &Autor) -> store::Result<()> {
        parl::excluir_sessao_legislativa(tx, autor, self.id).await
    }

    fn depois(&self) -> String {
        format!("/admin/legislaturas/{}#sessoes", self.legislatura_id)
    }
}
