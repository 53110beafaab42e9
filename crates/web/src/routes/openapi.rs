//! The open-data API described as an OpenAPI 3.1 document at `/api/v1/openapi.json`,
//! generated from the code: each collection's row type derives `utoipa::ToSchema` (the
//! same struct the API serialises, so the document cannot drift from the data), and a test
//! checks that every `/api/v1/` route of the route table is described here.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::ToSchema;
use utoipa::openapi::path::{OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, HttpMethod, InfoBuilder, OpenApi, OpenApiBuilder, PathItem,
    PathsBuilder, Ref, RefOr, Required, ResponseBuilder,
};

use super::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/api/v1/openapi.json", documento_json)
}

type Esquema = (String, RefOr<Schema>, Vec<(String, RefOr<Schema>)>);

/// One collection of the API.
pub struct Colecao {
    pub caminho: &'static str,
    pub resumo: &'static str,
    pub descricao: &'static str,
    /// Filters besides `itens`, `cursor` and `formato`: (name, description).
    pub filtros: &'static [(&'static str, &'static str)],
    esquema: fn() -> Esquema,
}

fn esquema<T: ToSchema>() -> Esquema {
    let mut deps = Vec::new();
    T::schemas(&mut deps);
    (T::name().into_owned(), T::schema(), deps)
}

/// Every collection, in the order of the document.
pub const COLECOES: &[Colecao] = &[
    Colecao {
        caminho: "/api/v1/parlamentares",
        resumo: "Parlamentares",
        descricao: "Os parlamentares com mandato na legislatura (a atual, se não for indicada), com partido e situação. Nunca inclui CPF, RG, data de nascimento ou endereço pessoal.",
        filtros: &[
            ("legislatura", "Número da legislatura (padrão: a atual)."),
            ("partido", "Sigla do partido."),
        ],
        esquema: esquema::<store::parlamentares::ParlamentarDados>,
    },
    Colecao {
        caminho: "/api/v1/legislaturas",
        resumo: "Legislaturas",
        descricao: "As legislaturas da câmara, com início e fim.",
        filtros: &[],
        esquema: esquema::<store::parlamentares::Legislatura>,
    },
    Colecao {
        caminho: "/api/v1/partidos",
        resumo: "Partidos",
        descricao: "Os partidos com representação registrada na câmara.",
        filtros: &[],
        esquema: esquema::<store::parlamentares::Partido>,
    },
    Colecao {
        caminho: "/api/v1/sessoes",
        resumo: "Sessões plenárias",
        descricao: "As sessões plenárias agendadas, realizadas e canceladas, com data e hora no fuso da câmara e instantes em UTC.",
        filtros: &[
            ("ano", "Ano da sessão (quatro dígitos)."),
            (
                "tipo",
                "Tipo de sessão pelo nome (ordinaria, extraordinaria…) ou pelo id.",
            ),
        ],
        esquema: esquema::<store::sessao_plenaria::SessaoPlenariaDados>,
    },
    Colecao {
        caminho: "/api/v1/mesa-diretora",
        resumo: "Mesa Diretora",
        descricao: "Os membros da Mesa Diretora em exercício na data (hoje, se não for indicada), por ordem dos cargos.",
        filtros: &[("data", "Data de referência, aaaa-mm-dd.")],
        esquema: esquema::<store::mesa::MembroMesa>,
    },
    Colecao {
        caminho: "/api/v1/comissoes",
        resumo: "Comissões",
        descricao: "As comissões (permanentes, temporárias, CPIs e especiais), pela sigla, com os membros atuais. No CSV, uma linha por comissão e a coluna membros no formato \"Nome (cargo, titular|suplente); …\".",
        filtros: &[],
        esquema: esquema::<store::comissoes::ComissaoDados>,
    },
    Colecao {
        caminho: "/api/v1/noticias",
        resumo: "Notícias",
        descricao: "As notícias publicadas, da mais recente para a mais antiga (rascunhos e agendadas não aparecem).",
        filtros: &[],
        esquema: esquema::<store::noticias::NoticiaDados>,
    },
];

/// The document (built once per process).
pub fn documento() -> &'static OpenApi {
    static DOC: OnceLock<OpenApi> = OnceLock::new();
    DOC.get_or_init(construir)
}

fn texto() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn parametro(nome: &str, descricao: &str, esquema: ObjectBuilder) -> ParameterBuilder {
    ParameterBuilder::new()
        .name(nome)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(descricao))
        .schema(Some(esquema))
}

fn construir() -> OpenApi {
    let mut paths = PathsBuilder::new();
    let mut components = ComponentsBuilder::new();
    let link = ObjectBuilder::new()
        .property("rel", texto().enum_values(Some(["self", "next"])))
        .required("rel")
        .property("href", texto())
        .required("href");
    components = components.schema("Link", link);
    let problema = ObjectBuilder::new()
        .property("title", texto())
        .property("status", ObjectBuilder::new().schema_type(Type::Integer))
        .property("detail", texto());
    components = components.schema("Problema", problema);
    for c in COLECOES {
        let (nome, schema, deps) = (c.esquema)();
        components = components.schema(nome.clone(), schema);
        for (n, s) in deps {
            components = components.schema(n, s);
        }
        let pagina = ObjectBuilder::new()
            .property(
                "dados",
                ArrayBuilder::new().items(Ref::from_schema_name(nome.clone())),
            )
            .required("dados")
            .property(
                "links",
                ArrayBuilder::new().items(Ref::from_schema_name("Link")),
            )
            .required("links");
        let mut op = OperationBuilder::new()
            .summary(Some(c.resumo))
            .description(Some(c.descricao))
            .operation_id(Some(
                c.caminho.trim_start_matches("/api/v1/").replace('/', "_"),
            ))
            .tag("Dados abertos")
            .parameter(parametro(
                "itens",
                "Itens por página, de 1 a 100 (padrão 20).",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1))
                    .maximum(Some(100)),
            ))
            .parameter(parametro(
                "cursor",
                "Posição da próxima página (use o link \"next\" da resposta).",
                texto(),
            ))
            .parameter(parametro(
                "formato",
                "json (padrão) ou csv (UTF-8 com BOM, uma linha por item).",
                texto().enum_values(Some(["json", "csv"])),
            ));
        for (f, d) in c.filtros {
            op = op.parameter(parametro(f, d, texto()));
        }
        let op = op
            .response(
                "200",
                ResponseBuilder::new()
                    .description("Uma página da coleção.")
                    .content(
                        "application/json",
                        ContentBuilder::new().schema(Some(pagina)).build(),
                    )
                    .content(
                        "text/csv",
                        ContentBuilder::new().schema(Some(texto())).build(),
                    ),
            )
            .response(
                "400",
                ResponseBuilder::new()
                    .description("Parâmetro inválido.")
                    .content(
                        "application/problem+json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("Problema")))
                            .build(),
                    ),
            );
        paths = paths.path(c.caminho, PathItem::new(HttpMethod::Get, op));
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Plenário — dados abertos da câmara")
                .version("1")
                .description(Some(
                    "Dados públicos da câmara municipal em JSON (`{\"dados\": [...], \"links\": [...]}`, \
                     paginação por cursor, como a API da Câmara dos Deputados) ou CSV \
                     (`?formato=csv`). Acesso livre, sem cadastro, com CORS aberto. Datas no \
                     formato ISO 8601.",
                )),
        )
        .paths(paths)
        .components(Some(components.build()))
        .build()
}

async fn documento_json() -> Response {
    static JSON: OnceLock<String> = OnceLock::new();
    let body = JSON.get_or_init(|| documento().to_pretty_json().unwrap_or_default());
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body.as_str(),
    )
        .into_response()
}
