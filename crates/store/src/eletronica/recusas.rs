//! The refusals of the proposição eletrônica's tables (see `infra::recusas`). Sorted by name.

use crate::infra::recusas::{Campo, Conflito, Recusa};

#[rustfmt::skip]
pub(crate) static RECUSAS: &[Recusa] = &[
    ("proposicao_rascunho_anexo_content_type_check", Campo("arquivo"), "Tipo de arquivo não aceito."),
    ("proposicao_rascunho_anexo_nome_arquivo_check", Campo("arquivo"), "O nome do arquivo deve ter de 1 a 200 caracteres."),
    ("proposicao_rascunho_anexo_sha256_check", Campo("arquivo"), "Resumo SHA-256 inválido."),
    ("proposicao_rascunho_anexo_tamanho_check", Campo("arquivo"), "O anexo deve ter no máximo 20 MB."),
    ("proposicao_rascunho_anexo_tenant_id_rascunho_id_fkey", Campo("dados"), "Proposição eletrônica inexistente nesta câmara."),
    ("proposicao_rascunho_coautor_tenant_id_parlamentar_id_fkey", Campo("coautores"), "Parlamentar inexistente nesta câmara."),
    ("proposicao_rascunho_coautor_tenant_id_rascunho_id_fkey", Campo("dados"), "Proposição eletrônica inexistente nesta câmara."),
    ("proposicao_rascunho_coautor_unico", Conflito, "Este parlamentar já é coautor."),
    ("proposicao_rascunho_devolvida", Campo("motivo"), "Informe o motivo da devolução (de 3 a 1.000 caracteres)."),
    ("proposicao_rascunho_ementa_check", Campo("ementa"), "A ementa deve ter de 10 a 2.000 caracteres."),
    ("proposicao_rascunho_justificativa_check", Campo("justificativa"), "A justificativa deve ter no máximo 200.000 caracteres."),
    ("proposicao_rascunho_motivo_devolucao_check", Campo("motivo"), "O motivo deve ter no máximo 1.000 caracteres."),
    ("proposicao_rascunho_recebida", Campo("dados"), "Uma proposição recebida tem o seu protocolo, e só ela."),
    ("proposicao_rascunho_situacao_check", Campo("dados"), "Situação de proposição eletrônica inválida."),
    ("proposicao_rascunho_tenant_id_parlamentar_id_fkey", Campo("dados"), "Parlamentar inexistente nesta câmara."),
    ("proposicao_rascunho_tenant_id_proposicao_id_fkey", Campo("dados"), "Proposição inexistente nesta câmara."),
    ("proposicao_rascunho_tenant_id_protocolo_id_fkey", Campo("dados"), "Protocolo inexistente nesta câmara, ou ligado a uma proposição eletrônica."),
    ("proposicao_rascunho_tenant_id_tipo_id_fkey", Campo("tipo_id"), "Tipo de proposição inexistente nesta câmara, ou ainda em uso."),
    ("proposicao_rascunho_tenant_id_usuario_id_fkey", Campo("dados"), "Usuário inexistente nesta câmara."),
    ("proposicao_rascunho_texto_check", Campo("texto"), "O texto deve ter no máximo 500.000 caracteres."),
];
