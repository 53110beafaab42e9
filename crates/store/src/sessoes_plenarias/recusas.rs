//! The refusals of the running sessão's tables (see `infra::recusas`). Sorted by name.

use crate::infra::recusas::{Campo, Conflito, Recusa};

const ENCERRADA: &str = "A sessão está encerrada; ela só muda por uma retificação, com o motivo.";
const QUORUM: &str = "Escolha um quórum da lista.";
const SESSAO: &str = "Sessão inexistente nesta câmara.";
const PARLAMENTAR: &str = "Parlamentar inexistente nesta câmara.";
const VOTACAO: &str = "Votação inexistente nesta câmara.";
const TOTAL: &str = "Os totais não podem ser negativos.";
const VOTO: &str = "Escolha SIM, NÃO ou ABSTENÇÃO.";

#[rustfmt::skip]
pub(crate) static RECUSAS: &[Recusa] = &[
    ("fase_sessao_nome", Conflito, "Já existe uma fase com esse nome."),
    ("fase_sessao_nome_check", Campo("nome"), "O nome da fase deve ter de 3 a 80 caracteres."),
    ("fase_sessao_ordem_check", Campo("ordem"), "A ordem da fase deve ser um número de 0 a 999."),
    ("pauta_item_descricao", Campo("descricao"), "Escolha a proposição ou descreva o item (ao menos 3 caracteres)."),
    ("pauta_item_descricao_check", Campo("descricao"), "A descrição do item deve ter no máximo 2.000 caracteres."),
    ("pauta_item_fase", Campo("fase"), "Fase inexistente nesta câmara."),
    ("pauta_item_ordem", Conflito, "Outro item da pauta já tem essa ordem; tente de novo."),
    ("pauta_item_ordem_check", Campo("ordem"), "A ordem do item deve ser um número de 1 a 9.999."),
    ("pauta_item_proposicao", Campo("proposicao"), "Proposição inexistente nesta câmara."),
    ("pauta_item_quorum", Campo("quorum"), QUORUM),
    ("pauta_item_repetido", Conflito, "Esta proposição já está na pauta desta sessão, nesse turno."),
    ("pauta_item_tenant_id_sessao_id_fkey", Campo("dados"), SESSAO),
    ("pauta_item_tipo_acao", Campo("tipo_acao"), "Escolha o tipo de ação da lista."),
    ("pauta_item_turno_check", Campo("turno"), "O turno deve ser 1 ou 2."),
    ("presenca_ambito", Campo("ambito"), "Escolha entre a presença da sessão e a da Ordem do Dia."),
    ("presenca_justificativa", Campo("justificativa"), "Uma ausência justificada leva a justificativa (de 3 a 1.000 caracteres); as outras marcas, não."),
    ("presenca_parlamentar", Campo("parlamentar"), PARLAMENTAR),
    ("presenca_situacao", Campo("situacao"), "Escolha presente, ausente ou ausência justificada."),
    ("presenca_tenant_id_sessao_id_fkey", Campo("dados"), SESSAO),
    ("presenca_unica", Conflito, "A presença deste parlamentar já foi registrada."),
    ("regimento_sessao_abstencao", Campo("abstencao"), "Escolha uma regra de abstenção da lista."),
    ("regimento_sessao_cadeiras_check", Campo("cadeiras"), "O número de cadeiras deve ser de 1 a 99."),
    ("regimento_sessao_presidente", Campo("presidente_vota"), "Escolha quando o presidente vota."),
    ("regimento_sessao_unico", Conflito, "A câmara já tem o seu regimento de sessões."),
    ("sessao_plenaria_aberta", Campo("dados"), "As datas de abertura e de encerramento não conferem com a situação da sessão."),
    ("sessao_plenaria_encerrada", Conflito, ENCERRADA),
    ("sessao_plenaria_fase", Campo("fase"), "Fase inexistente nesta câmara."),
    ("sessao_plenaria_fase_em_curso", Conflito, "Só uma sessão aberta ou suspensa tem fase atual."),
    ("sessao_plenaria_numero_fixo", Conflito, "O número de uma sessão já aberta (ou cancelada) não muda."),
    ("sessao_plenaria_transicao", Conflito, "Mudança de situação não permitida: agendada → aberta ⇄ suspensa → encerrada, ou cancelada."),
    ("sessao_retificacao_motivo_check", Campo("motivo"), "Informe o motivo da retificação (de 10 a 2.000 caracteres)."),
    ("sessao_retificacao_tenant_id_sessao_id_fkey", Campo("dados"), SESSAO),
    ("votacao_abstencao_check", Campo("contagem"), TOTAL),
    ("votacao_item", Campo("item"), "Item da pauta inexistente nesta sessão."),
    ("votacao_item_turno", Conflito, "Este item já tem uma votação nesse turno; cancele-a antes de abrir outra."),
    ("votacao_justificativa", Campo("justificativa"), "Para alterar o resultado calculado, escreva a justificativa (de 10 a 2.000 caracteres)."),
    ("votacao_motivo", Campo("motivo"), "Informe o motivo (de 10 a 2.000 caracteres)."),
    ("votacao_nao_check", Campo("contagem"), TOTAL),
    ("votacao_participacao_parlamentar", Campo("voto"), PARLAMENTAR),
    ("votacao_participacao_tenant_id_votacao_id_fkey", Campo("voto"), VOTACAO),
    ("votacao_participacao_unica", Conflito, "Seu voto já foi registrado."),
    ("votacao_quorum", Campo("quorum"), QUORUM),
    ("votacao_resultado", Campo("resultado"), "Uma votação encerrada tem resultado; uma aberta, não."),
    ("votacao_sim_check", Campo("contagem"), TOTAL),
    ("votacao_status", Campo("dados"), "Situação de votação inválida."),
    ("votacao_tenant_id_sessao_id_fkey", Campo("dados"), SESSAO),
    ("votacao_tipo", Campo("tipo"), "Escolha simbólica, nominal ou secreta."),
    ("votacao_turno_check", Campo("turno"), "O turno deve ser 1 ou 2."),
    ("voto_historico_anterior_check", Campo("voto"), VOTO),
    ("voto_historico_novo_check", Campo("voto"), VOTO),
    ("voto_historico_tenant_id_voto_id_fkey", Campo("voto"), "Voto inexistente nesta câmara."),
    ("voto_parlamentar", Campo("voto"), PARLAMENTAR),
    ("voto_tenant_id_votacao_id_fkey", Campo("voto"), VOTACAO),
    ("voto_unico", Conflito, "Seu voto já foi registrado."),
    ("voto_votacao_aberta", Conflito, "A votação não está aberta: o voto não foi registrado."),
    ("voto_voto_check", Campo("voto"), VOTO),
];
