//! The refusals of the tramitação's tables (see `infra::recusas`). Sorted by name.

use crate::infra::recusas::{Campo, Conflito, Recusa};

#[rustfmt::skip]
pub(crate) static RECUSAS: &[Recusa] = &[
    ("feriado_abrangencia_check", Campo("abrangencia"), "Escolha o tipo do feriado da lista."),
    ("feriado_data", Conflito, "Já há um feriado cadastrado nessa data."),
    ("feriado_data_check", Campo("data"), "A data do feriado deve estar entre 1900 e 2200."),
    ("feriado_nome_check", Campo("nome"), "O nome do feriado deve ter de 2 a 120 caracteres."),
    ("recesso_descricao_check", Campo("descricao"), "Descreva o recesso (de 2 a 200 caracteres)."),
    ("recesso_inicio_check", Campo("inicio"), "O início do recesso deve estar entre 1900 e 2200."),
    ("recesso_periodo", Campo("fim"), "O fim do recesso não pode ser anterior ao início, e um recesso dura no máximo um ano."),
    ("status_tramitacao_nome", Conflito, "Já existe um status de tramitação com esse nome."),
    ("status_tramitacao_nome_check", Campo("nome"), "O nome do status deve ter de 2 a 120 caracteres."),
    ("status_tramitacao_ordem_check", Campo("ordem"), "A ordem deve ser um número de 0 a 1000."),
    ("tramitacao_correcao", Campo("motivo"), "Informe o motivo da correção (e só correções têm motivo)."),
    ("tramitacao_correcao_valida", Campo("dados"), "Uma correção refere-se a uma tramitação original da mesma proposição, com a mesma origem e o mesmo destino; para mudar o caminho, faça uma nova tramitação."),
    ("tramitacao_despacho_check", Campo("despacho"), "Escreva o texto do despacho (de 2 a 3.000 caracteres)."),
    ("tramitacao_evento", Conflito, "Este andamento já pertence a outra tramitação."),
    ("tramitacao_motivo_check", Campo("motivo"), "O motivo deve ter no máximo 1.000 caracteres."),
    ("tramitacao_origem_destino", Campo("destinos"), "O destino deve ser diferente da origem."),
    ("tramitacao_prazo", Campo("prazo_dias"), "Um prazo em dias úteis precisa da data em que termina."),
    ("tramitacao_prazo_dias_check", Campo("prazo_dias"), "O prazo deve ser de 1 a 365 dias úteis."),
    ("tramitacao_recebimento_recebido_por_check", Campo("dados"), "Informe quem recebeu."),
    ("tramitacao_recebimento_tenant_id_tramitacao_id_fkey", Campo("dados"), "Tramitação inexistente nesta câmara."),
    ("tramitacao_recebimento_tenant_id_usuario_id_fkey", Campo("dados"), "Usuário inexistente nesta câmara."),
    ("tramitacao_recebimento_unico", Conflito, "Esta tramitação já teve o recebimento confirmado."),
    ("tramitacao_tenant_id_corrige_id_fkey", Campo("dados"), "A tramitação corrigida não existe nesta câmara."),
    ("tramitacao_tenant_id_destino_id_fkey", Campo("destinos"), "Unidade de destino inexistente nesta câmara."),
    ("tramitacao_tenant_id_evento_id_fkey", Campo("dados"), "Andamento inexistente nesta câmara."),
    ("tramitacao_tenant_id_origem_id_fkey", Campo("origem_id"), "Unidade de origem inexistente nesta câmara."),
    ("tramitacao_tenant_id_proposicao_id_fkey", Campo("dados"), "Proposição inexistente nesta câmara."),
    ("tramitacao_tenant_id_status_id_fkey", Campo("status_id"), "Status inexistente nesta câmara, ou ainda em uso por tramitações (desative-o em vez de excluir)."),
    ("tramitacao_tenant_id_usuario_id_fkey", Campo("dados"), "Usuário inexistente nesta câmara."),
    ("unidade_usuario_tenant_id_unidade_id_fkey", Campo("unidade_id"), "Unidade inexistente nesta câmara."),
    ("unidade_usuario_tenant_id_usuario_id_fkey", Campo("usuario_id"), "Usuário inexistente nesta câmara."),
    ("unidade_usuario_unico", Conflito, "Este usuário já trabalha nesta unidade."),
];
