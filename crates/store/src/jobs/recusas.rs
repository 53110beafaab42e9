//! The refusals of the job queue's table (see `infra::recusas`). Sorted by name.

use crate::infra::recusas::{Campo, Recusa};

#[rustfmt::skip]
pub(crate) static RECUSAS: &[Recusa] = &[
    ("job_estado", Campo("estado"), "Estado de tarefa inválido."),
    ("job_lease", Campo("estado"), "Uma tarefa em execução tem uma reserva com prazo (e só ela)."),
    ("job_max_tentativas", Campo("max_tentativas"), "O número máximo de tentativas deve ser de 1 a 50."),
    ("job_tentativas", Campo("tentativas"), "O número de tentativas não pode ser negativo."),
    ("job_tipo", Campo("tipo"), "Tipo de tarefa inválido (letras minúsculas, números, ponto e sublinhado; até 60)."),
    ("job_ultimo_erro", Campo("ultimo_erro"), "A mensagem de erro deve ter no máximo 2.000 caracteres."),
];
