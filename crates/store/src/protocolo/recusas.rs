//! The refusals of the protocolo's tables (see `infra::recusas`). Sorted by name.

use crate::infra::recusas::{Campo, Conflito, Recusa};

#[rustfmt::skip]
pub(crate) static RECUSAS: &[Recusa] = &[
    ("proposicao_protocolo", Conflito, "Este protocolo já deu origem a outra proposição."),
    ("proposicao_tenant_id_protocolo_id_fkey", Campo("protocolo_id"), "Protocolo inexistente nesta câmara, ou ligado a uma proposição."),
    ("protocolo_ano_check", Campo("dados"), "O ano do protocolo deve estar entre 1800 e 2200."),
    ("protocolo_anulacao", Campo("motivo"), "Uma anulação precisa do seu motivo."),
    ("protocolo_assunto_check", Campo("assunto"), "Informe o assunto (de 3 a 2.000 caracteres)."),
    ("protocolo_codigo", Conflito, "Código de verificação repetido; tente de novo."),
    ("protocolo_codigo_check", Campo("dados"), "Código de verificação inválido."),
    ("protocolo_documento_content_type_check", Campo("arquivos"), "Tipo de arquivo não aceito."),
    ("protocolo_documento_imutavel", Conflito, "Um documento protocolado não se altera."),
    ("protocolo_documento_nome_arquivo_check", Campo("arquivos"), "O nome do arquivo deve ter de 1 a 200 caracteres."),
    ("protocolo_documento_sha256_check", Campo("arquivos"), "Resumo SHA-256 inválido."),
    ("protocolo_documento_tamanho_check", Campo("arquivos"), "Cada documento deve ter no máximo 20 MB."),
    ("protocolo_documento_tenant_id_protocolo_id_fkey", Campo("dados"), "Protocolo inexistente nesta câmara."),
    ("protocolo_imutavel", Conflito, "Um protocolo registrado não se altera; só pode ser anulado, uma única vez."),
    ("protocolo_interessado_email_check", Campo("interessado_email"), "O e-mail deve ter no máximo 254 caracteres."),
    ("protocolo_interessado_nome_check", Campo("interessado_nome"), "Informe o nome do interessado ou remetente (de 2 a 200 caracteres)."),
    ("protocolo_interessado_tipo_check", Campo("interessado_tipo"), "Escolha o tipo de interessado da lista."),
    ("protocolo_motivo", Campo("motivo"), "Informe o motivo da anulação (de 3 a 1.000 caracteres)."),
    ("protocolo_numero", Conflito, "Este número de protocolo já foi usado."),
    ("protocolo_numero_check", Campo("dados"), "O número do protocolo deve ser maior que zero."),
    ("protocolo_tenant_id_anulado_por_fkey", Campo("dados"), "Usuário inexistente nesta câmara."),
    ("protocolo_tenant_id_usuario_id_fkey", Campo("dados"), "Usuário inexistente nesta câmara."),
    ("protocolo_tipo_documento_check", Campo("tipo_documento"), "Informe o tipo de documento (de 2 a 120 caracteres)."),
];
