//! The refusals of the job queue's tables (app.job, app.proposicao_avulso) (see `infra::recusas`). Sorted by name.

use crate::infra::recusas::{Campo, Conflito, Recusa};

#[rustfmt::skip]
pub(crate) static RECUSAS: &[Recusa] = &[
    ("job_chave", Campo("chave"), "A chave de uma tarefa deve ter de 1 a 300 caracteres."),
    ("job_chave_unica", Conflito, "Esta tarefa já está na fila."),
    ("job_estado", Campo("estado"), "Estado de tarefa inválido."),
    ("job_lease", Campo("estado"), "Uma tarefa em execução tem uma reserva com prazo (e só ela)."),
    ("job_max_tentativas", Campo("max_tentativas"), "O número máximo de tentativas deve ser de 1 a 50."),
    ("job_tentativas", Campo("tentativas"), "O número de tentativas não pode ser negativo."),
    ("job_tipo", Campo("tipo"), "Tipo de tarefa inválido (letras minúsculas, números, ponto e sublinhado; até 60)."),
    ("job_ultimo_erro", Campo("ultimo_erro"), "A mensagem de erro deve ter no máximo 2.000 caracteres."),
    ("proposicao_avulso_fonte", Campo("dados"), "Resumo do conteúdo do avulso inválido."),
    ("proposicao_avulso_pdf", Campo("dados"), "O avulso deve ter de 1 byte a 50 MB."),
    ("proposicao_avulso_sha256", Campo("dados"), "Resumo SHA-256 do avulso inválido."),
    ("proposicao_avulso_tenant_id_proposicao_id_fkey", Campo("dados"), "Proposição inexistente nesta câmara."),
    ("proposicao_avulso_unico", Conflito, "Esta proposição já tem um avulso."),
];
