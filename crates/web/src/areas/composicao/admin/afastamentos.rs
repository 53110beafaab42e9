//! Afastamentos of a mandato: create on the mandato's page, edit, delete.

use super::*;

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct FormAfastamento {
    #[serde(default)]
    pub(super) tipo: String,
    #[serde(default)]
    pub(super) inicio: String,
    #[serde(default)]
    pub(super) fim: String,
    #[serde(default)]
    pub(super) suplente: String,
    #[serde(default)]
    pub(super) observacao: String,
}

impl FormAfastamento {
    pub(super) fn de(a: &Afastamento) -> Self {
        Self {
            tipo: a.tipo.clone(),
            inicio: a.inicio.br(),
            fim: br_opt(a.fim),
            suplente: a.suplente_id.map(|s| s.to_string()).unwrap_or_default(),
            observacao: a.observacao.clone(),
        }
    }

    pub(super) fn validar(&self) -> Result<DadosAfastamento, Vec<ValidationError>> {
        let mut erros = Vec::new();
        let inicio = data("inicio", &self.inicio).map_err(|e| erros.push(e)).ok();
        let fim = data_opt("fim", &self.fim).unwrap_or_else(|e| {
            erros.push(e);
            None
        });
        let suplente = match self.suplente.trim() {
            "" => None,
            s => s.parse::<Uuid>().map(Some).unwrap_or_else(|_| {
                erros.push(ValidationError::new("suplente", "Suplente inválido."));
                None
            }),
        };
        match inicio {
            Some(inicio) if erros.is_empty() => Ok(DadosAfastamento {
                tipo: self.tipo.clone(),
                inicio,
                fim,
                suplente,
                observacao: self.observacao.clone(),
            }),
            _ => Err(erros),
        }
    }
}

pub(super) async fn afastamento_criar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(fa): Form<FormAfastamento>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::mandato(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = gravar(&mut tx, fa.validar(), async |tx, d| {
        parl::criar_afastamento(tx, &logado.autor, id, &d).await
    })
    .await;
    concluir(
        tx,
        r,
        |_| format!("/admin/mandatos/{id}#afastamentos"),
        async |tx: &mut TenantTx, erros| {
            let mut page = montar_mandato(tx, &current, &logado, id).await?;
            page.fa = fa;
            page.erros_afastamento = erros;
            Ok(page)
        },
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/afastamento.html")]
pub(super) struct AfastamentoPage {
    pub(super) shell: Shell,
    pub(super) a: Afastamento,
    pub(super) opcoes: Vec<(Uuid, String)>,
    pub(super) tipos: &'static [(&'static str, &'static str)],
    pub(super) fa: FormAfastamento,
    pub(super) erros: Erros,
    pub(super) acao_afastamento: String,
}

pub(super) async fn montar_afastamento(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<AfastamentoPage, WebError> {
    let a = parl::afastamento(tx, id).await?.ok_or(WebError::NotFound)?;
    let m = parl::mandato(tx, a.mandato_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let opcoes = parl::opcoes(tx)
        .await?
        .into_iter()
        .filter(|(i, _)| *i != m.parlamentar_id)
        .collect();
    Ok(AfastamentoPage {
        shell: Shell::new(current, logado, "/admin/parlamentares"),
        opcoes,
        tipos: parl::TIPOS_AFASTAMENTO,
        fa: FormAfastamento::de(&a),
        erros: Erros::default(),
        acao_afastamento: format!("/admin/afastamentos/{}", a.id),
        a,
    })
}

impl Edicao for AfastamentoPage {
    type Form = FormAfastamento;
    type Dados = DadosAfastamento;

    async fn montar(
        tx: &mut TenantTx,
        current: &CurrentTenant,
        logado: &Logado,
        id: Uuid,
    ) -> Result<Self, WebError> {
        montar_afastamento(tx, current, logado, id).await
    }

    fn validar(f: &FormAfastamento) -> Result<DadosAfastamento, Vec<ValidationError>> {
        f.validar()
    }

    async fn depois(tx: &mut TenantTx, id: Uuid) -> Result<String, WebError> {
        let a = parl::afastamento(tx, id).await?.ok_or(WebError::NotFound)?;
        Ok(format!("/admin/mandatos/{}#afastamentos", a.mandato_id))
    }

    async fn gravar(
        tx: &mut TenantTx,
        autor: &Autor,
        id: Uuid,
        d: DadosAfastamento,
    ) -> store::Result<()> {
        parl::editar_afastamento(tx, autor, id, &d).await
    }

    fn com(mut self, f: FormAfastamento, erros: Erros) -> Self {
        self.fa = f;
        self.erros = erros;
        self
    }
}

impl Destrutiva for Afastamento {
    const MENU: &'static str = "/admin/parlamentares";

    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        parl::afastamento(tx, id).await
    }

    fn confirmacao(&self, shell: Shell) -> Confirmacao {
        let texto = format!(
            "O afastamento ({}) iniciado em {} será excluído.",
            self.tipo_label(),
            self.inicio.br()
        );
        let (acao, voltar) = (self.id, self.mandato_id);
        Confirmacao::new(
            shell,
            "Excluir afastamento",
            texto,
            format!("/admin/afastamentos/{acao}/excluir"),
            "Excluir",
            format!("/admin/mandatos/{voltar}"),
        )
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &Autor) -> store::Result<()> {
        parl::excluir_afastamento(tx, autor, self.id).await
    }

    fn depois(&self) -> String {
        format!("/admin/mandatos/{}#afastamentos", self.mandato_id)
    }
}
