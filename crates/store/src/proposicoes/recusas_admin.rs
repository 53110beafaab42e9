//! The refusals of the registry's tables (migration 0016: anexos and relations of
//! proposições; see `infra::recusas`). Sorted by name.

use crate::infra::recusas::{Campo, Conflito, Recusa};

#[rustfmt::skip]
pub(crate) static RECUSAS: &[Recusa] = &[
    ("proposicao_anexo_content_type_check", Campo("arquivo"), "Tipo de arquivo não aceito."),
    ("proposicao_anexo_nome_arquivo_check", Campo("arquivo"), "O nome do arquivo deve ter de 1 a 200 caracteres."),
    ("proposicao_anexo_tamanho_check", Campo("arquivo"), "O anexo deve ter no máximo 20 MB."),
    ("proposicao_anexo_tenant_id_proposicao_id_fkey", Campo("dados"), "Proposição inexistente nesta câmara."),
    ("proposicao_anexo_texto_pdf", Campo("texto_integral"), "O texto integral da proposição deve ser um PDF."),
    ("proposicao_anexo_titulo_check", Campo("titulo"), "Informe o título do anexo (de 2 a 200 caracteres)."),
    ("proposicao_anexo_um_texto", Conflito, "A proposição já tem o texto integral em PDF; exclua o atual antes de enviar outro."),
    ("proposicao_relacao_ciclo", Campo("relacionada"), "Anexação circular: a proposição principal já está anexada, direta ou indiretamente, à que se quer anexar."),
    ("proposicao_relacao_observacao_check", Campo("observacao"), "A observação deve ter no máximo 500 caracteres."),
    ("proposicao_relacao_propria", Campo("relacionada"), "Uma proposição não se relaciona consigo mesma."),
    ("proposicao_relacao_tenant_id_principal_id_fkey", Campo("dados"), "Proposição inexistente nesta câmara."),
    ("proposicao_relacao_tenant_id_relacionada_id_fkey", Campo("relacionada"), "Proposição inexistente nesta câmara."),
    ("proposicao_relacao_tipo_check", Campo("tipo"), "Escolha um tipo de relação da lista."),
    ("proposicao_relacao_uma_principal", Conflito, "Esta proposição já está anexada a outra; uma anexada tem uma só principal."),
    ("proposicao_relacao_unica", Conflito, "Essas proposições já estão relacionadas."),
];
