//! The refusals of the acompanhamento's table (see `infra::recusas`). Sorted by name.

use crate::infra::recusas::{Campo, Conflito, Recusa};

#[rustfmt::skip]
pub(crate) static RECUSAS: &[Recusa] = &[
    ("acompanhamento_cancelado", Campo("email"), "Um acompanhamento cancelado não guarda o e-mail."),
    ("acompanhamento_cancelar", Conflito, "Tente novamente."),
    ("acompanhamento_confirmacao", Conflito, "Tente novamente."),
    ("acompanhamento_email", Campo("email"), "Informe um e-mail válido (até 254 caracteres)."),
    ("acompanhamento_origem", Campo("dados"), "Endereço da câmara inválido."),
    ("acompanhamento_tenant_id_proposicao_id_fkey", Campo("dados"), "Proposição inexistente nesta câmara."),
    ("acompanhamento_unico", Conflito, "Este e-mail já acompanha esta proposição."),
];
