//! The database's refusals of a câmara's input, by exact name.
//!
//! Every CHECK, UNIQUE, EXCLUDE and FOREIGN KEY constraint of schema `app`, every unique
//! index and every name a trigger raises (`RAISE … USING CONSTRAINT = '…'`) has one entry
//! here, with the field it points at and a Portuguese message. A test lists them all from
//! the system catalogs and fails on a name without an entry, or an entry without a name.
//! Left out, because no input can violate them: primary keys (ids are made by the server)
//! and the foreign keys to `plenario.resident` (a serving câmara is always resident).
//!
//! Each invariant is written once, in the database; the Rust side only maps its refusal.

use crate::Error;
use crate::error::invalido;

/// How a refusal reaches the user.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Tipo {
    /// The input clashes with what is already recorded (409).
    Conflito,
    /// A field of the input is wrong (422), shown next to that field.
    Campo(&'static str),
}

pub(crate) use Tipo::{Campo, Conflito};

/// One entry: name, kind, message.
pub(crate) type Recusa = (&'static str, Tipo, &'static str);

const FIM: &str = "O fim deve ser posterior ao início.";

/// Name → (kind, message). Sorted by name.
#[rustfmt::skip]
static RECUSAS: &[Recusa] = &[
    ("afastamento_dentro", Campo("inicio"), "O afastamento deve estar dentro do período do mandato."),
    ("afastamento_observacao_check", Campo("observacao"), "A observação deve ter no máximo 2.000 caracteres."),
    ("afastamento_periodo", Campo("fim"), "O fim do afastamento não pode ser anterior ao início."),
    ("afastamento_sobreposto", Conflito, "Este mandato já tem um afastamento nesse período."),
    ("afastamento_suplente", Campo("suplente"), "O suplente não pode ser o próprio parlamentar afastado."),
    ("afastamento_suplente_fk", Campo("suplente"), "Suplente inexistente nesta câmara, ou ainda citado em afastamentos."),
    ("afastamento_tenant_id_mandato_id_fkey", Campo("mandato"), "Mandato inexistente nesta câmara."),
    ("afastamento_tipo_check", Campo("tipo"), "Escolha um tipo de afastamento da lista."),
    ("camara_config_cep_check", Campo("cep"), "O CEP deve ter o formato 00000-000."),
    ("camara_config_cnpj_check", Campo("cnpj"), "O CNPJ deve ter 14 dígitos."),
    ("camara_config_cor_primaria_check", Campo("cor_primaria"), "A cor principal deve estar no formato #rrggbb."),
    ("camara_config_cor_secundaria_check", Campo("cor_secundaria"), "A cor secundária deve estar no formato #rrggbb."),
    ("camara_config_encarregado_email_check", Campo("encarregado_email"), "O e-mail do encarregado deve ter no máximo 254 caracteres."),
    ("camara_config_encarregado_nome_check", Campo("encarregado_nome"), "O nome do encarregado deve ter no máximo 200 caracteres."),
    ("camara_config_encarregado_telefone_check", Campo("encarregado_telefone"), "O telefone do encarregado deve ter no máximo 40 caracteres."),
    ("camara_config_fuso_horario_check", Campo("fuso_horario"), "Escolha um fuso horário brasileiro da lista."),
    ("camara_config_nome_check", Campo("nome"), "O nome da câmara deve ter de 3 a 200 caracteres."),
    ("camara_config_politica_privacidade_check", Campo("politica_privacidade"), "A política de privacidade deve ter no máximo 100.000 caracteres."),
    ("camara_config_tenant_id_key", Conflito, "A câmara já tem a sua configuração."),
    ("camara_config_tv_url_check", Campo("tv_url"), "O endereço da TV Câmara deve ter até 500 caracteres."),
    ("camara_rede_social_rede_check", Campo("rede"), "Escolha uma rede social da lista."),
    ("camara_rede_social_tenant_id_config_id_fkey", Campo("rede"), "Configuração da câmara inexistente."),
    ("camara_rede_social_url_check", Campo("url"), "O endereço da rede social deve começar por https://."),
    ("cargo_mesa_nome_check", Campo("nome"), "O nome do cargo deve ter de 2 a 60 caracteres."),
    ("cargo_mesa_ordem_check", Campo("ordem"), "A ordem do cargo deve ser um número de 1 a 99."),
    ("cargo_mesa_tenant_id_nome_key", Conflito, "Já existe um cargo da Mesa com esse nome."),
    ("comissao_ativa_extincao", Campo("extincao"), "Uma comissão extinta não pode estar ativa, nem uma ativa ter data de extinção."),
    ("comissao_check", Campo("prazo"), "O prazo não pode ser anterior à criação."),
    ("comissao_check1", Campo("extincao"), "A extinção não pode ser anterior à criação."),
    ("comissao_nome_check", Campo("nome"), "O nome da comissão deve ter de 3 a 200 caracteres."),
    ("comissao_prazo", Campo("prazo"), "Comissões temporárias e CPIs precisam de um prazo."),
    ("comissao_sigla_check", Campo("sigla"), "A sigla deve ter de 2 a 12 letras ou números (sem acentos), com um hífen opcional (ex.: CPI-1)."),
    ("comissao_slug_check", Campo("nome"), "O endereço da comissão deve ter só letras minúsculas, números e hífens."),
    ("comissao_tenant_id_sigla_key", Conflito, "Já existe uma comissão com essa sigla."),
    ("comissao_tenant_id_slug_key", Conflito, "Já existe uma comissão com esse nome."),
    ("comissao_tipo_check", Campo("tipo"), "Escolha um tipo de comissão da lista."),
    ("contador_escopo_check", Campo("dados"), "Numeração inválida."),
    ("contador_tenant_id_escopo_key", Conflito, "Esta numeração já existe."),
    ("contador_valor_check", Campo("dados"), "A numeração não pode ser negativa."),
    ("filiacao_check", Campo("fim"), "A data de desfiliação deve ser posterior à de filiação."),
    ("filiacao_tenant_id_parlamentar_id_daterange_excl", Conflito, "O parlamentar já tem uma filiação partidária nesse período; encerre-a antes."),
    ("filiacao_tenant_id_parlamentar_id_fkey", Campo("parlamentar"), "Parlamentar inexistente nesta câmara."),
    ("filiacao_tenant_id_partido_id_fkey", Campo("partido"), "Partido inexistente nesta câmara, ou ainda citado em filiações (não pode ser excluído)."),
    ("legislatura_check", Campo("fim"), FIM),
    ("legislatura_numero_check", Campo("numero"), "O número da legislatura deve ser maior que zero."),
    ("legislatura_tenant_id_daterange_excl", Conflito, "O período se sobrepõe ao de outra legislatura."),
    ("legislatura_tenant_id_numero_key", Conflito, "Já existe uma legislatura com esse número."),
    ("login_falha_etapa_check", Campo("dados"), "Etapa de acesso inválida."),
    ("mandato_afastamentos", Campo("fim"), "O mandato tem afastamentos fora do novo período; ajuste-os antes."),
    ("mandato_check", Campo("fim"), FIM),
    ("mandato_tenant_id_legislatura_id_fkey", Campo("legislatura"), "Legislatura inexistente nesta câmara, ou com mandatos registrados (não pode ser excluída)."),
    ("mandato_tenant_id_parlamentar_id_daterange_excl", Conflito, "O parlamentar já tem um mandato que se sobrepõe a este período."),
    ("mandato_tenant_id_parlamentar_id_fkey", Campo("parlamentar"), "Parlamentar inexistente nesta câmara."),
    ("mandato_tipo_check", Campo("tipo"), "O mandato deve ser de titular ou de suplente."),
    ("mandato_votos_check", Campo("votos"), "O número de votos não pode ser negativo."),
    ("membro_comissao_cargo_check", Campo("cargo"), "Escolha um cargo da comissão da lista."),
    ("membro_comissao_cargo_unico", Conflito, "A comissão já tem quem ocupe esse cargo (presidente ou vice-presidente) nesse período; desligue-o antes (na véspera)."),
    ("membro_comissao_check", Campo("desligamento"), "O desligamento não pode ser anterior à designação."),
    ("membro_comissao_mandato", Campo("parlamentar"), "O parlamentar não tem mandato na data da designação."),
    ("membro_comissao_motivo_check", Campo("motivo"), "O motivo deve ter no máximo 500 caracteres."),
    ("membro_comissao_tenant_id_comissao_id_fkey", Campo("comissao"), "Comissão inexistente nesta câmara."),
    ("membro_comissao_tenant_id_parlamentar_id_fkey", Campo("parlamentar"), "Parlamentar inexistente nesta câmara."),
    ("membro_comissao_unico", Conflito, "O parlamentar já faz parte dessa comissão nesse período; desligue-o antes de designá-lo de novo."),
    ("membro_comissao_vigencia", Campo("designacao"), "A designação deve estar dentro da vigência da comissão (entre a criação e a extinção)."),
    ("membro_mesa_cargo_unico", Conflito, "Esse cargo já tem um ocupante nesse período; encerre a ocupação anterior (na véspera) antes de designar outro parlamentar."),
    ("membro_mesa_check", Campo("fim"), "A data de fim não pode ser anterior à de início."),
    ("membro_mesa_mandato", Campo("parlamentar"), "O parlamentar não tem mandato na legislatura durante todo esse intervalo."),
    ("membro_mesa_no_periodo", Campo("inicio"), "As datas do membro devem estar dentro do período da Mesa."),
    ("membro_mesa_observacao_check", Campo("observacao"), "A observação deve ter no máximo 500 caracteres."),
    ("membro_mesa_parlamentar_unico", Conflito, "O parlamentar já ocupa outro cargo da Mesa nesse período; encerre-o antes."),
    ("membro_mesa_tenant_id_cargo_id_fkey", Campo("cargo"), "Cargo inexistente nesta câmara, ou já ocupado na história da Mesa (não pode ser excluído)."),
    ("membro_mesa_tenant_id_parlamentar_id_fkey", Campo("parlamentar"), "Parlamentar inexistente nesta câmara."),
    ("membro_mesa_tenant_id_periodo_id_fkey", Campo("periodo"), "Período da Mesa inexistente nesta câmara."),
    ("mesa_periodo_check", Campo("fim"), FIM),
    ("mesa_periodo_dentro", Campo("inicio"), "O período da Mesa deve estar dentro do período da legislatura."),
    ("mesa_periodo_descricao_check", Campo("descricao"), "A descrição deve ter no máximo 500 caracteres."),
    ("mesa_periodo_numero_check", Campo("numero"), "O número do período deve ser maior que zero."),
    ("mesa_periodo_tenant_id_daterange_excl", Conflito, "O período se sobrepõe ao de outra composição da Mesa."),
    ("mesa_periodo_tenant_id_legislatura_id_fkey", Campo("legislatura"), "Legislatura inexistente nesta câmara."),
    ("mesa_periodo_tenant_id_legislatura_id_numero_key", Conflito, "Já existe um período da Mesa com esse número nesta legislatura."),
    ("noticia_capa_alt", Campo("capa_alt"), "Descreva a imagem de capa (texto alternativo)."),
    ("noticia_capa_alt_check", Campo("capa_alt"), "O texto alternativo da capa deve ter no máximo 300 caracteres."),
    ("noticia_categoria_check", Campo("categoria"), "Escolha uma categoria da lista."),
    ("noticia_corpo_check", Campo("corpo"), "O texto da notícia deve ter no máximo 200.000 caracteres."),
    ("noticia_publicada_tem_data", Campo("publicar_em"), "Informe a data de publicação."),
    ("noticia_resumo_check", Campo("resumo"), "O resumo deve ter no máximo 500 caracteres."),
    ("noticia_slug_check", Campo("slug"), "O endereço (slug) deve ter até 120 letras minúsculas, números e hífens."),
    ("noticia_status_check", Campo("publicacao"), "A notícia deve ser um rascunho ou estar publicada."),
    ("noticia_tags_check", Campo("tags"), "Use no máximo 10 etiquetas."),
    ("noticia_tenant_id_autor_id_fkey", Campo("dados"), "Autor inexistente nesta câmara."),
    ("noticia_tenant_id_slug_key", Campo("slug"), "Já existe uma notícia com esse endereço (slug)."),
    ("noticia_titulo_check", Campo("titulo"), "O título deve ter de 3 a 200 caracteres."),
    ("pagina_anexo_content_type_check", Campo("arquivo"), "O anexo deve ser PDF, imagem PNG ou JPEG, ou documento de escritório."),
    ("pagina_anexo_nome_arquivo_check", Campo("arquivo"), "O nome do arquivo deve ter de 1 a 200 caracteres."),
    ("pagina_anexo_tamanho_check", Campo("arquivo"), "O anexo deve ter no máximo 20 MB."),
    ("pagina_anexo_tenant_id_pagina_id_fkey", Campo("pagina"), "Página inexistente nesta câmara."),
    ("pagina_anexo_titulo_check", Campo("titulo"), "O título do anexo deve ter de 2 a 200 caracteres."),
    ("pagina_corpo_check", Campo("corpo"), "O texto da página deve ter no máximo 500.000 caracteres."),
    ("pagina_ordem_check", Campo("ordem"), "A ordem deve ser um número de 0 a 1000."),
    ("pagina_slug_check", Campo("slug"), "O endereço (slug) deve ter até 80 letras minúsculas, números e hífens."),
    ("pagina_tenant_id_slug_key", Campo("slug"), "Já existe uma página com esse endereço (slug)."),
    ("pagina_titulo_check", Campo("titulo"), "O título deve ter de 3 a 200 caracteres."),
    ("parlamentar_cpf_check", Campo("cpf"), "O CPF deve ter 11 dígitos."),
    ("parlamentar_foto_key_check", Campo("foto"), "Foto inválida."),
    ("parlamentar_gabinete_sala_check", Campo("gabinete_sala"), "A sala do gabinete deve ter no máximo 100 caracteres."),
    ("parlamentar_gabinete_telefone_check", Campo("gabinete_telefone"), "O telefone do gabinete deve ter de 8 a 20 dígitos, espaços, parênteses, + ou -."),
    ("parlamentar_genero_check", Campo("genero"), "Escolha o gênero da lista (feminino, masculino ou não informado)."),
    ("parlamentar_nome_civil_check", Campo("nome_civil"), "O nome civil deve ter de 3 a 200 caracteres."),
    ("parlamentar_nome_parlamentar_check", Campo("nome_parlamentar"), "O nome parlamentar deve ter de 2 a 100 caracteres."),
    ("parlamentar_rede_rede_check", Campo("rede"), "Escolha uma rede social da lista."),
    ("parlamentar_rede_tenant_id_parlamentar_id_fkey", Campo("parlamentar"), "Parlamentar inexistente nesta câmara."),
    ("parlamentar_rede_unica", Conflito, "Este endereço já está entre as redes do parlamentar."),
    ("parlamentar_rede_url_check", Campo("url"), "O endereço deve começar com https:// (por exemplo, https://instagram.com/perfil), sem espaços, com até 500 caracteres."),
    ("parlamentar_slug_check", Campo("slug"), "O endereço (slug) deve ter só letras minúsculas, números e hífens."),
    ("parlamentar_tenant_id_slug_key", Conflito, "Já existe um parlamentar com esse endereço (slug)."),
    ("partido_logo_key_check", Campo("logo"), "Logotipo inválido."),
    ("partido_nome_check", Campo("nome"), "O nome do partido deve ter de 3 a 200 caracteres."),
    ("partido_numero_check", Campo("numero"), "O número do partido deve ir de 10 a 99."),
    ("partido_sigla_check", Campo("sigla"), "A sigla deve ter de 2 a 20 letras, números, espaços, pontos ou hífens."),
    ("partido_tenant_id_sigla_key", Conflito, "Já existe um partido com essa sigla."),
    ("senha_reset_tenant_id_token_hash_key", Conflito, "Este pedido de redefinição já existe; peça outro."),
    ("senha_reset_tenant_id_usuario_id_fkey", Campo("email"), "Usuário inexistente nesta câmara."),
    ("sessao_legislativa_check", Campo("fim"), FIM),
    ("sessao_legislativa_dentro", Campo("inicio"), "A sessão legislativa deve estar dentro do período da legislatura."),
    ("sessao_legislativa_numero_check", Campo("numero"), "O número da sessão legislativa deve ser maior que zero."),
    ("sessao_legislativa_tenant_id_daterange_excl", Conflito, "O período se sobrepõe ao de outra sessão legislativa."),
    ("sessao_legislativa_tenant_id_legislatura_id_fkey", Campo("legislatura"), "Legislatura inexistente nesta câmara."),
    ("sessao_legislativa_tenant_id_legislatura_id_numero_key", Conflito, "Já existe uma sessão legislativa com esse número nesta legislatura."),
    ("sessao_plenaria_dentro", Campo("data"), "A data da sessão deve estar dentro do período da sua sessão legislativa."),
    ("sessao_plenaria_fim", Campo("hora_fim"), "O horário de término deve ser depois do horário de início."),
    ("sessao_plenaria_inicio", Conflito, "Já existe outra sessão marcada para o mesmo dia e horário. Escolha outro horário."),
    ("sessao_plenaria_local_check", Campo("local"), "O local deve ter no máximo 200 caracteres."),
    ("sessao_plenaria_motivo", Campo("motivo"), "Informe o motivo do cancelamento (de 3 a 1000 caracteres)."),
    ("sessao_plenaria_numero", Conflito, "Esse número já foi usado por outra sessão do mesmo tipo nesta sessão legislativa."),
    ("sessao_plenaria_numero_check", Campo("numero"), "O número da sessão deve ser maior que zero."),
    ("sessao_plenaria_observacoes_check", Campo("observacoes"), "As observações devem ter no máximo 5.000 caracteres."),
    ("sessao_plenaria_status", Campo("dados"), "Situação da sessão inválida."),
    ("sessao_plenaria_tenant_id_sessao_legislativa_id_fkey", Campo("data"), "Não há sessão legislativa cadastrada para essa data, ou ela já tem sessões (não pode ser excluída)."),
    ("sessao_plenaria_tenant_id_tipo_id_fkey", Conflito, "Este tipo já foi usado em sessões e não pode ser excluído; desative-o."),
    ("sessao_tenant_id_token_hash_key", Conflito, "Sessão de acesso repetida; entre novamente."),
    ("sessao_tenant_id_usuario_id_fkey", Campo("email"), "Usuário inexistente nesta câmara."),
    ("tipo_sessao_nome", Conflito, "Já existe um tipo de sessão com esse nome."),
    ("tipo_sessao_nome_check", Campo("nome"), "O nome do tipo deve ter de 3 a 60 caracteres."),
    ("tipo_sessao_ordem_check", Campo("ordem"), "A ordem deve ser um número de 0 a 999."),
    ("usuario_check", Campo("codigo"), "A verificação em duas etapas precisa de uma chave configurada."),
    ("usuario_email_check", Campo("email"), "Informe um e-mail válido, em letras minúsculas (ex.: nome@camara.leg.br)."),
    ("usuario_nome_check", Campo("nome"), "O nome deve ter de 3 a 200 caracteres."),
    ("usuario_papel_check", Campo("papel"), "Escolha um perfil da lista."),
    ("usuario_parlamentar_fkey", Campo("parlamentar"), "Parlamentar inexistente nesta câmara."),
    ("usuario_parlamentar_unico", Conflito, "Este parlamentar já está ligado a outra conta de parlamentar."),
    ("usuario_recuperacao_tenant_id_usuario_id_codigo_hash_key", Conflito, "Código de recuperação repetido; gere os códigos de novo."),
    ("usuario_recuperacao_tenant_id_usuario_id_fkey", Campo("dados"), "Usuário inexistente nesta câmara."),
    ("usuario_tenant_id_email_key", Conflito, "Já existe um usuário com esse e-mail nesta câmara."),
];

/// The tables: the one above, and one per area that keeps its own next to its code
/// (each sorted by name).
static TABELAS: &[&[Recusa]] = &[
    RECUSAS,
    crate::proposicoes::recusas::RECUSAS,
    crate::tramitacao::recusas::RECUSAS,
    crate::jobs::recusas::RECUSAS,
    crate::acompanhamento::recusas::RECUSAS,
    crate::proposicoes::recusas_admin::RECUSAS,
    crate::comissoes::recusas::RECUSAS,
    crate::protocolo::recusas::RECUSAS,
    crate::eletronica::recusas::RECUSAS,
    crate::sessoes_plenarias::recusas::RECUSAS,
    crate::normas::recusas::RECUSAS,
];

fn achar(nome: &str) -> Option<&'static Recusa> {
    TABELAS.iter().find_map(|t| {
        t.binary_search_by(|(n, _, _)| n.cmp(&nome))
            .ok()
            .map(|i| &t[i])
    })
}

/// The message for a constraint or trigger name, if it has one.
pub fn mensagem(nome: &str) -> Option<&'static str> {
    achar(nome).map(|(_, _, m)| *m)
}

/// Every name the table knows.
pub fn nomes() -> impl Iterator<Item = &'static str> {
    TABELAS.iter().flat_map(|t| t.iter().map(|(n, _, _)| *n))
}

/// Maps a database error to the refusal of the input it names; anything else is returned
/// as it was (and surfaces as an internal error, with its cause in the log).
pub fn mapear(e: sqlx::Error) -> Error {
    let e = Error::from(e);
    let Some((_, tipo, msg)) = e.constraint().and_then(achar) else {
        return e;
    };
    match tipo {
        Conflito => Error::Conflict((*msg).to_owned()),
        Campo(campo) => invalido(campo, *msg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_has_no_repeated_name() {
        for t in TABELAS {
            for par in t.windows(2) {
                assert!(par[0].0 < par[1].0, "{} before {}", par[0].0, par[1].0);
            }
        }
        let mut todos: Vec<&str> = nomes().collect();
        let n = todos.len();
        todos.sort_unstable();
        todos.dedup();
        assert_eq!(todos.len(), n, "a name in two tables");
    }
}
