//! The open-data API described as an OpenAPI 3.1 document at `/api/v1/openapi.json`,
//! generated from the code: each collection's row type derives `utoipa::ToSchema` (the
//! same struct the API serialises, so the document cannot drift from the data), and a test
//! checks that every `/api/v1/` route of the route table is described here.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::ToSchema;
use utoipa::openapi::path::{OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, HttpMethod, InfoBuilder, OpenApi, OpenApiBuilder, PathItem,
    PathsBuilder, Ref, RefOr, Required, ResponseBuilder,
};

use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/api/v1/openapi.json", documento_json)
}

type Esquema = (String, RefOr<Schema>, Vec<(String, RefOr<Schema>)>);

/// One collection of the API.
pub struct Colecao {
    pub caminho: &'static str,
    pub resumo: &'static str,
    pub descricao: &'static str,
    /// Filters besides `itens`, `cursor` and `formato`: (name, description, type).
    pub filtros: &'static [(&'static str, &'static str, Tipo)],
    /// What the `cursor` looks like (the `next` link gives it).
    pub cursor: Tipo,
    esquema: fn() -> Esquema,
}

/// The type a parameter's value has in the document (and is checked for).
#[derive(Debug, Clone, Copy)]
pub enum Tipo {
    Texto,
    /// An integer between the bounds.
    Inteiro(i64, i64),
    /// aaaa-mm-dd.
    Data,
    Uuid,
    /// One of these words.
    Opcoes(&'static [&'static str]),
    /// Words to search for (full text): never a name, so no value is "not found".
    Busca,
}

impl Tipo {
    fn esquema(self) -> ObjectBuilder {
        match self {
            // Text without the control characters the edge refuses.
            Tipo::Texto => texto()
                .min_length(Some(1))
                .pattern(Some("^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]+$")),
            Tipo::Inteiro(min, max) => ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(min))
                .maximum(Some(max)),
            Tipo::Data => texto().format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
            Tipo::Uuid => texto().format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid))),
            Tipo::Opcoes(o) => texto().enum_values(Some(o.iter().copied())),
            Tipo::Busca => Tipo::Texto
                .esquema()
                .max_length(Some(200))
                .format(Some(SchemaFormat::Custom("busca".to_owned()))),
        }
    }

    /// Whether `valor` is of this type; if not, what it should be (to follow "deve ser").
    pub fn conferir(self, valor: &str) -> Result<(), String> {
        let ok = match self {
            Tipo::Texto => !valor.is_empty(),
            Tipo::Busca => !valor.is_empty() && valor.chars().count() <= 200,
            Tipo::Inteiro(min, max) => valor.parse::<i64>().is_ok_and(|n| (min..=max).contains(&n)),
            Tipo::Data => time::Date::parse(
                valor,
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .is_ok(),
            Tipo::Uuid => valor.parse::<uuid::Uuid>().is_ok(),
            Tipo::Opcoes(o) => o.contains(&valor),
        };
        if ok {
            return Ok(());
        }
        Err(match self {
            Tipo::Texto => "um texto não vazio".to_owned(),
            Tipo::Busca => "um texto de 1 a 200 caracteres".to_owned(),
            Tipo::Inteiro(min, max) => format!("um número inteiro de {min} a {max}"),
            Tipo::Data => "uma data no formato aaaa-mm-dd".to_owned(),
            Tipo::Uuid => "um identificador no formato UUID (o do link \"next\")".to_owned(),
            Tipo::Opcoes(o) => o.join(" ou "),
        })
    }
}

const ITENS: Tipo = Tipo::Inteiro(1, 100);
const FORMATO: Tipo = Tipo::Opcoes(&["json", "csv", "csv-br"]);

/// The query parameters a collection accepts, with their types (`None`: not a collection).
pub fn parametros(caminho: &str) -> Option<Vec<(&'static str, Tipo)>> {
    let c = COLECOES.iter().find(|c| c.caminho == caminho)?;
    let mut v = vec![("itens", ITENS), ("cursor", c.cursor), ("formato", FORMATO)];
    v.extend(c.filtros.iter().map(|(n, _, t)| (*n, *t)));
    Some(v)
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
            (
                "legislatura",
                "Número da legislatura (padrão: a atual).",
                Tipo::Inteiro(1, 9999),
            ),
            (
                "partido",
                "Sigla do partido (uma das de /api/v1/partidos).",
                Tipo::Texto,
            ),
        ],
        cursor: Tipo::Texto,
        esquema: esquema::<store::composicao::ParlamentarDados>,
    },
    Colecao {
        caminho: "/api/v1/legislaturas",
        resumo: "Legislaturas",
        descricao: "As legislaturas da câmara, com início e fim.",
        filtros: &[],
        cursor: Tipo::Inteiro(0, 9999),
        esquema: esquema::<store::composicao::Legislatura>,
    },
    Colecao {
        caminho: "/api/v1/partidos",
        resumo: "Partidos",
        descricao: "Os partidos com representação registrada na câmara.",
        filtros: &[],
        cursor: Tipo::Texto,
        esquema: esquema::<store::composicao::Partido>,
    },
    Colecao {
        caminho: "/api/v1/sessoes",
        resumo: "Sessões plenárias",
        descricao: "As sessões plenárias agendadas, realizadas e canceladas, com data e hora no fuso da câmara e instantes em UTC.",
        filtros: &[
            ("ano", "Ano da sessão.", Tipo::Inteiro(1900, 2200)),
            (
                "tipo",
                "Tipo de sessão pelo nome (ordinaria, extraordinaria…) ou pelo id.",
                Tipo::Texto,
            ),
        ],
        cursor: Tipo::Uuid,
        esquema: esquema::<store::sessoes_plenarias::SessaoPlenariaDados>,
    },
    Colecao {
        caminho: "/api/v1/votacoes",
        resumo: "Votações",
        descricao: "As votações encerradas das sessões plenárias, com o resultado calculado pelo quórum e os totais (os votos nominais estão em /api/v1/sessoes/{id}/votacoes; de uma votação secreta, só os totais e o comparecimento).",
        filtros: &[("sessao", "Id (UUID) da sessão.", Tipo::Uuid)],
        cursor: Tipo::Uuid,
        esquema: esquema::<store::sessoes_plenarias::votacao::dados::VotacaoDados>,
    },
    Colecao {
        caminho: "/api/v1/mesa-diretora",
        resumo: "Mesa Diretora",
        descricao: "Os membros da Mesa Diretora em exercício na data (hoje, se não for indicada), por ordem dos cargos.",
        filtros: &[("data", "Data de referência, aaaa-mm-dd.", Tipo::Data)],
        cursor: Tipo::Inteiro(0, 1_000_000),
        esquema: esquema::<store::mesa::MembroMesa>,
    },
    Colecao {
        caminho: "/api/v1/comissoes",
        resumo: "Comissões",
        descricao: "As comissões (permanentes, temporárias, CPIs e especiais), pela sigla, com os membros atuais. No CSV, uma linha por comissão e a coluna membros no formato \"Nome (cargo, titular|suplente); …\".",
        filtros: &[],
        cursor: Tipo::Texto,
        esquema: esquema::<store::comissoes::ComissaoDados>,
    },
    Colecao {
        caminho: "/api/v1/noticias",
        resumo: "Notícias",
        descricao: "As notícias publicadas, da mais recente para a mais antiga (rascunhos e agendadas não aparecem).",
        filtros: &[],
        cursor: Tipo::Uuid,
        esquema: esquema::<store::conteudo::noticias::NoticiaDados>,
    },
    Colecao {
        caminho: "/api/v1/proposicoes",
        resumo: "Proposições",
        descricao: "As proposições (projetos, requerimentos, indicações, moções, emendas…), das mais recentes para as mais antigas, com autores, situação e o último andamento. Os filtros são os da página /legislativo/proposicoes.",
        filtros: &[
            ("tipo", "Sigla do tipo (PL, REQ…).", Tipo::Texto),
            (
                "numero",
                "Número da proposição.",
                Tipo::Inteiro(1, 2_147_483_647),
            ),
            ("ano", "Ano da proposição.", Tipo::Inteiro(1800, 2200)),
            (
                "autor",
                "Slug do parlamentar autor ou coautor (como em /api/v1/parlamentares).",
                Tipo::Texto,
            ),
            (
                "situacao",
                "Situação atual.",
                Tipo::Opcoes(&[
                    "protocolada",
                    "em_tramitacao",
                    "em_comissao",
                    "pronta_para_pauta",
                    "aprovada",
                    "rejeitada",
                    "arquivada",
                    "retirada",
                    "aguardando_sancao",
                    "aguardando_promulgacao",
                    "sancionada",
                    "vetada",
                    "promulgada",
                ]),
            ),
            (
                "assunto",
                "Um dos assuntos da proposição, exatamente.",
                Tipo::Texto,
            ),
            (
                "de",
                "Apresentadas a partir desta data, aaaa-mm-dd.",
                Tipo::Data,
            ),
            ("ate", "Apresentadas até esta data, aaaa-mm-dd.", Tipo::Data),
            (
                "texto",
                "Palavras na ementa, indexação, assuntos ou texto (sem distinguir acentos nem plurais; \"aspas\" para expressões, -palavra para excluir).",
                Tipo::Busca,
            ),
        ],
        cursor: Tipo::Uuid,
        esquema: esquema::<store::proposicoes::dados::ProposicaoDados>,
    },
    Colecao {
        caminho: "/api/v1/tramitacoes",
        resumo: "Tramitações",
        descricao: "Os andamentos das proposições (protocolo, tramitação, distribuição, pareceres, votação, arquivamento…), dos mais recentes para os mais antigos, com a situação a que cada um levou.",
        filtros: &[
            (
                "proposicao",
                "Id da proposição (como em /api/v1/proposicoes).",
                Tipo::Uuid,
            ),
            (
                "de",
                "Andamentos a partir desta data (no fuso da câmara), aaaa-mm-dd.",
                Tipo::Data,
            ),
            (
                "ate",
                "Andamentos até esta data (no fuso da câmara), aaaa-mm-dd.",
                Tipo::Data,
            ),
        ],
        cursor: Tipo::Uuid,
        esquema: esquema::<store::proposicoes::dados::TramitacaoDados>,
    },
    Colecao {
        caminho: "/api/v1/normas",
        resumo: "Normas jurídicas",
        descricao: "As normas jurídicas (leis, leis complementares, resoluções, decretos legislativos…), das mais recentes para as mais antigas, com a situação derivada dos vínculos e a URN LexML. O texto compilado de cada uma está em /api/v1/normas/{id}/texto.",
        filtros: &[
            ("tipo", "Sigla do tipo (LO, LC, RES…).", Tipo::Texto),
            (
                "numero",
                "Número da norma.",
                Tipo::Inteiro(1, 2_147_483_647),
            ),
            ("ano", "Ano da norma.", Tipo::Inteiro(1800, 2200)),
            (
                "assunto",
                "Uma das palavras-chave da indexação, exatamente (sem distinguir maiúsculas).",
                Tipo::Texto,
            ),
            (
                "vigencia",
                "vigente: em vigor hoje (vigente ou revogada parcialmente); nao_vigente: as demais.",
                Tipo::Opcoes(&["vigente", "nao_vigente"]),
            ),
            (
                "texto",
                "Palavras na ementa ou na indexação (sem distinguir acentos nem plurais; \"aspas\" para expressões, -palavra para excluir).",
                Tipo::Busca,
            ),
        ],
        cursor: Tipo::Uuid,
        esquema: esquema::<store::normas::dados::NormaDados>,
    },
];

/// One resource of the API by its id (`{"dados": {...}}`, JSON only).
pub struct Recurso {
    pub caminho: &'static str,
    pub resumo: &'static str,
    pub descricao: &'static str,
    /// Query parameters it accepts besides the id: (name, description, type).
    pub parametros: &'static [(&'static str, &'static str, Tipo)],
    esquema: fn() -> Esquema,
}

/// Every single resource, in the order of the document.
pub const RECURSOS: &[Recurso] = &[
    Recurso {
        caminho: "/api/v1/proposicoes/{id}",
        resumo: "Uma proposição",
        descricao: "A proposição inteira: dados, texto, justificativa, autores com as datas de subscrição, a tramitação (da mais antiga para a mais recente) e as emendas.",
        parametros: &[],
        esquema: esquema::<store::proposicoes::dados::ProposicaoDetalheDados>,
    },
    Recurso {
        caminho: "/api/v1/sessoes/{id}/votacoes",
        resumo: "As votações de uma sessão",
        descricao: "As votações encerradas da sessão, com o resultado calculado pelo quórum (e a justificativa, se a Mesa o alterou) e os votos nominais; de uma votação secreta, só os totais e o comparecimento.",
        parametros: &[],
        esquema: esquema::<store::sessoes_plenarias::votacao::dados::SessaoVotacoesDados>,
    },
    Recurso {
        caminho: "/api/v1/normas/{id}/texto",
        resumo: "O texto compilado de uma norma",
        descricao: "O texto da norma por dispositivo (com o id LexML de cada um, como art5_par1u), com a redação atual, o estado (vigente, revogado, suspenso, inconstitucional), as notas dos vínculos e as redações anteriores; com vigente_em, o texto em vigor naquela data.",
        parametros: &[(
            "vigente_em",
            "O texto em vigor nesta data, aaaa-mm-dd (sem ele: com todos os vínculos recebidos).",
            Tipo::Data,
        )],
        esquema: esquema::<store::normas::dados::TextoDados>,
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
    let esquema_problema = ObjectBuilder::new()
        .property("title", texto())
        .property("status", ObjectBuilder::new().schema_type(Type::Integer))
        .property("detail", texto())
        .required("title")
        .required("status")
        .required("detail");
    components = components.schema("Problema", esquema_problema);
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
                ITENS.esquema(),
            ))
            .parameter(parametro(
                "cursor",
                "Posição da próxima página (use o link \"next\" da resposta).",
                c.cursor.esquema(),
            ))
            .parameter(parametro(
                "formato",
                "json (padrão), csv (UTF-8 com BOM, uma linha por item, separado por vírgulas) ou csv-br (o mesmo separado por ponto e vírgula e com vírgula decimal, como as planilhas em português abrem diretamente).",
                FORMATO.esquema(),
            ));
        for (f, d, t) in c.filtros {
            op = op.parameter(parametro(f, d, t.esquema()));
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
            .response("400", problema("Parâmetro inválido."))
            .response(
                "404",
                problema(
                    "O filtro não corresponde a nada na câmara (legislatura, partido ou tipo inexistente).",
                ),
            )
            .response("429", problema(LIMITADO));
        paths = paths.path(c.caminho, PathItem::new(HttpMethod::Get, op));
    }
    for r in RECURSOS {
        let (nome, schema, deps) = (r.esquema)();
        components = components.schema(nome.clone(), schema);
        for (n, s) in deps {
            components = components.schema(n, s);
        }
        let corpo = ObjectBuilder::new()
            .property("dados", Ref::from_schema_name(nome))
            .required("dados");
        let mut op = OperationBuilder::new()
            .summary(Some(r.resumo))
            .description(Some(r.descricao))
            .operation_id(Some(
                r.caminho
                    .trim_start_matches("/api/v1/")
                    .replace(['{', '}'], "")
                    .replace('/', "_"),
            ))
            .tag("Dados abertos")
            .parameter(
                ParameterBuilder::new()
                    .name("id")
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .description(Some("O id (UUID), como na coleção."))
                    .schema(Some(Tipo::Uuid.esquema())),
            );
        for (f, d, t) in r.parametros {
            op = op.parameter(parametro(f, d, t.esquema()));
        }
        let op = op
            .response(
                "200",
                ResponseBuilder::new().description("O recurso.").content(
                    "application/json",
                    ContentBuilder::new().schema(Some(corpo)).build(),
                ),
            )
            .response(
                "400",
                problema("Endereço inválido (um caractere que não é aceito)."),
            )
            .response("404", problema("Não há recurso com esse id na câmara."))
            .response("429", problema(LIMITADO));
        paths = paths.path(r.caminho, PathItem::new(HttpMethod::Get, op));
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Plenário — dados abertos da câmara")
                .version("1")
                .description(Some(
                    "Dados públicos da câmara municipal em JSON (`{\"dados\": [...], \"links\": [...]}`, \
                     paginação por cursor, como a API da Câmara dos Deputados) ou CSV \
                     (`?formato=csv`, ou `?formato=csv-br` com `;` e vírgula decimal para planilhas em \
                     português). Acesso livre, sem cadastro, com CORS aberto. Datas no \
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

/// The answer when a client asked too often (`web::http::limite`), with `Retry-After`.
const LIMITADO: &str = "Requisições demais deste endereço ou para a câmara; o cabeçalho Retry-After diz em quantos segundos tentar de novo.";

/// An error answer: `application/problem+json` in Portuguese.
fn problema(descricao: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(descricao)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problema")))
                .build(),
        )
        .build()
}

/// The layer in front of the open-data API: a collection accepts exactly the parameters its
/// document declares, with the types it declares (400 problem+json otherwise).
pub async fn conferir_parametros(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let path = req.uri().path();
    if let Some(aceitos) = parametros(path) {
        // A collection of the open-data API accepts exactly what its document declares.
        let q = req.uri().query().unwrap_or_default();
        for (nome, valor) in form_urlencoded::parse(q.as_bytes()) {
            let detalhe = match aceitos.iter().find(|(n, _)| *n == nome) {
                None => format!(
                    "O parâmetro {nome} não existe nesta coleção; os aceitos são: {}.",
                    aceitos
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Some((_, tipo)) => match tipo.conferir(&valor) {
                    Ok(()) => continue,
                    Err(deve) => format!("O parâmetro {nome} deve ser {deve}."),
                },
            };
            return crate::http::entrada::recusa(
                path,
                StatusCode::BAD_REQUEST,
                "Requisição inválida",
                detalhe,
            )
            .into_response();
        }
    }
    next.run(req).await
}
