//! Proposições: their tipos, numbering, regimes, autores and the situação derived from the
//! events of their history.
//!
//! The situação is never typed in: every event of a proposição (protocolo, tramitação,
//! distribuição, parecer, votação, retirada, arquivamento…) is recorded with the situação
//! it leads to, computed here by [`aplicar`], and the database keeps the proposição's
//! situação equal to that of its latest event (trigger `proposicao_situacao_do_evento`).

use std::fmt;

use crate::ValidationError;

macro_rules! codigos {
    ($(#[$m:meta])* $nome:ident { $($(#[$vm:meta])* $v:ident = $cod:literal, $rot:literal;)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $nome { $($(#[$vm])* $v),* }

        impl $nome {
            pub const ALL: &'static [$nome] = &[$(Self::$v),*];

            /// The code stored in the database.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $cod),* }
            }

            /// The label shown to people.
            pub fn rotulo(self) -> &'static str {
                match self { $(Self::$v => $rot),* }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s.trim())
            }
        }

        impl fmt::Display for $nome {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.rotulo())
            }
        }
    };
}
pub(crate) use codigos;

codigos! {
    /// Where a proposição stands, derived from its events.
    Situacao {
        Protocolada = "protocolada", "Protocolada";
        EmTramitacao = "em_tramitacao", "Em tramitação";
        EmComissao = "em_comissao", "Em comissão";
        ProntaParaPauta = "pronta_para_pauta", "Pronta para a pauta";
        Aprovada = "aprovada", "Aprovada";
        Rejeitada = "rejeitada", "Rejeitada";
        Arquivada = "arquivada", "Arquivada";
        Retirada = "retirada", "Retirada pelo autor";
        AguardandoSancao = "aguardando_sancao", "Aguardando sanção";
        AguardandoPromulgacao = "aguardando_promulgacao", "Aguardando promulgação";
        Sancionada = "sancionada", "Sancionada";
        Vetada = "vetada", "Vetada";
        Promulgada = "promulgada", "Promulgada";
    }
}

impl Situacao {
    /// After the final vote, on the way to the norma (autógrafo, sanção, veto, promulgação).
    pub fn pos_aprovacao(self) -> bool {
        matches!(
            self,
            Self::AguardandoSancao
                | Self::AguardandoPromulgacao
                | Self::Sancionada
                | Self::Vetada
                | Self::Promulgada
        )
    }
}

codigos! {
    /// How a tipo numbers its proposições ("PL 12/2026").
    EscopoNumeracao {
        Ano = "ano", "Por ano";
        Legislatura = "legislatura", "Por legislatura";
        Unico = "unico", "Sequência única";
    }
}

codigos! {
    /// The quórum a turno needs to approve.
    Quorum {
        MaioriaSimples = "maioria_simples", "Maioria simples";
        MaioriaAbsoluta = "maioria_absoluta", "Maioria absoluta";
        DoisTercos = "dois_tercos", "Dois terços";
        TresQuintos = "tres_quintos", "Três quintos";
    }
}

codigos! {
    /// Regime de tramitação.
    Regime {
        Ordinario = "ordinario", "Ordinário";
        Prioridade = "prioridade", "Prioridade";
        Urgencia = "urgencia", "Urgência";
        UrgenciaUrgentissima = "urgencia_urgentissima", "Urgência urgentíssima";
    }
}

codigos! {
    /// Who an autor is.
    TipoAutor {
        Parlamentar = "parlamentar", "Parlamentar";
        Comissao = "comissao", "Comissão";
        Mesa = "mesa", "Mesa Diretora";
        Executivo = "executivo", "Poder Executivo";
        Popular = "popular", "Iniciativa popular";
        Outro = "outro", "Outro";
    }
}

codigos! {
    /// The kinds of unidade a proposição travels between.
    TipoUnidade {
        Comissao = "comissao", "Comissão";
        Secretaria = "secretaria", "Secretaria";
        Procuradoria = "procuradoria", "Procuradoria";
        Plenario = "plenario", "Plenário";
        Executivo = "executivo", "Poder Executivo";
        Arquivo = "arquivo", "Arquivo";
        Outra = "outra", "Outra";
    }
}

codigos! {
    /// What happened to a proposição (one row of its history).
    TipoEvento {
        Protocolada = "protocolada", "Protocolada";
        Tramitada = "tramitada", "Tramitação";
        Distribuida = "distribuida", "Distribuída a comissão";
        Parecer = "parecer", "Parecer";
        ProntaParaPauta = "pronta_para_pauta", "Pronta para a pauta";
        Votada = "votada", "Votação";
        Retirada = "retirada", "Retirada pelo autor";
        Arquivada = "arquivada", "Arquivada";
        Desarquivada = "desarquivada", "Desarquivada";
        Correcao = "correcao", "Correção";
        EnviadaSancao = "enviada_sancao", "Enviada à sanção";
        Autografo = "autografo", "Autógrafo para promulgação";
        Sancionada = "sancionada", "Sancionada";
        Vetada = "vetada", "Vetada";
        VetoDeliberado = "veto_deliberado", "Deliberação do veto";
        Promulgada = "promulgada", "Promulgada";
        Pauta = "pauta", "Pauta";
    }
}

/// One event, with what [`aplicar`] needs to know of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evento {
    Protocolada,
    /// Sent to a unidade of kind `destino`; `encerra` when its status ends the tramitação.
    Tramitada {
        destino: TipoUnidade,
        encerra: bool,
    },
    Distribuida,
    Parecer,
    ProntaParaPauta,
    /// A turno's result; `ultimo_turno` when it decides the proposição.
    Votada {
        aprovada: bool,
        ultimo_turno: bool,
    },
    Retirada,
    Arquivada,
    Desarquivada,
    /// Fixes an earlier event's text: the situação stays.
    Correcao,
    /// The autógrafo sent to the Executivo for sanção.
    EnviadaSancao,
    /// The autógrafo of a tipo without sanção, for the Mesa's promulgação.
    AutografoPromulgacao,
    /// Sanção, total or parcial (a veto parcial awaits the câmara's deliberação).
    Sancionada,
    /// Veto total.
    Vetada,
    /// The câmara's deliberação of a veto; `total` when the veto was.
    VetoDeliberado {
        derrubado: bool,
        total: bool,
    },
    Promulgada,
    /// A move on a sessão's pauta (pedido de vista, adiamento, retirada de pauta): the
    /// situação stays (still pronta para a pauta).
    Pauta,
}

impl Evento {
    pub fn tipo(self) -> TipoEvento {
        match self {
            Self::Protocolada => TipoEvento::Protocolada,
            Self::Tramitada { .. } => TipoEvento::Tramitada,
            Self::Distribuida => TipoEvento::Distribuida,
            Self::Parecer => TipoEvento::Parecer,
            Self::ProntaParaPauta => TipoEvento::ProntaParaPauta,
            Self::Votada { .. } => TipoEvento::Votada,
            Self::Retirada => TipoEvento::Retirada,
            Self::Arquivada => TipoEvento::Arquivada,
            Self::Desarquivada => TipoEvento::Desarquivada,
            Self::Correcao => TipoEvento::Correcao,
            Self::EnviadaSancao => TipoEvento::EnviadaSancao,
            Self::AutografoPromulgacao => TipoEvento::Autografo,
            Self::Sancionada => TipoEvento::Sancionada,
            Self::Vetada => TipoEvento::Vetada,
            Self::VetoDeliberado { .. } => TipoEvento::VetoDeliberado,
            Self::Promulgada => TipoEvento::Promulgada,
            Self::Pauta => TipoEvento::Pauta,
        }
    }
}

fn recusa(msg: &str) -> ValidationError {
    ValidationError::new("evento", msg)
}

/// The situação a proposição reaches when `evento` happens to it in situação `atual`
/// (`None` for a proposição with no history yet), or why that event cannot happen now.
pub fn aplicar(atual: Option<Situacao>, evento: Evento) -> Result<Situacao, ValidationError> {
    use Situacao::*;
    let Some(atual) = atual else {
        return match evento {
            Evento::Protocolada => Ok(Protocolada),
            _ => Err(recusa(
                "A proposição precisa ser protocolada antes de tramitar.",
            )),
        };
    };
    let encerrada = matches!(atual, Rejeitada | Arquivada | Retirada);
    if let Some(r) = caminho_da_norma(atual, evento, encerrada) {
        return r;
    }
    match evento {
        Evento::Protocolada => Err(recusa("A proposição já foi protocolada.")),
        Evento::Correcao | Evento::Pauta => Ok(atual),
        Evento::Desarquivada if atual == Arquivada => Ok(EmTramitacao),
        Evento::Desarquivada => Err(recusa("Só uma proposição arquivada pode ser desarquivada.")),
        Evento::Arquivada if atual == Arquivada => Err(recusa("A proposição já está arquivada.")),
        Evento::Arquivada => Ok(Arquivada),
        _ if encerrada => Err(recusa(
            "A tramitação desta proposição está encerrada (rejeitada, arquivada ou retirada).",
        )),
        Evento::Retirada if atual == Aprovada || atual.pos_aprovacao() => Err(recusa(
            "Uma proposição aprovada não pode mais ser retirada.",
        )),
        // On the way to the norma it may travel (to a comissão, for the veto's parecer)
        // and keeps its situação.
        Evento::Tramitada {
            destino,
            encerra: false,
        } if atual.pos_aprovacao() && destino != TipoUnidade::Arquivo => Ok(atual),
        Evento::Retirada => Ok(Retirada),
        Evento::Tramitada { encerra: true, .. } => Ok(Arquivada),
        Evento::Tramitada { destino, .. } => Ok(match destino {
            TipoUnidade::Comissao => EmComissao,
            TipoUnidade::Plenario => ProntaParaPauta,
            TipoUnidade::Arquivo => Arquivada,
            // An approved proposição goes on (to the Executivo for sanção) and stays approved.
            _ if atual == Aprovada => Aprovada,
            _ => EmTramitacao,
        }),
        Evento::Distribuida | Evento::Parecer | Evento::ProntaParaPauta | Evento::Votada { .. }
            if atual.pos_aprovacao() =>
        {
            Err(recusa("A proposição já foi aprovada."))
        }
        Evento::Distribuida if atual == Aprovada => Err(recusa(
            "Uma proposição aprovada não é mais distribuída a comissões.",
        )),
        Evento::Distribuida => Ok(EmComissao),
        Evento::Parecer if atual == EmComissao => Ok(EmComissao),
        Evento::Parecer => Err(recusa(
            "Só há parecer de comissão com a proposição em comissão.",
        )),
        Evento::ProntaParaPauta if atual == Aprovada => {
            Err(recusa("A proposição já foi aprovada."))
        }
        Evento::ProntaParaPauta => Ok(ProntaParaPauta),
        Evento::Votada { .. } if atual != ProntaParaPauta => Err(recusa(
            "Só uma proposição pronta para a pauta pode ser votada.",
        )),
        Evento::Votada {
            aprovada: false, ..
        } => Ok(Rejeitada),
        Evento::Votada {
            aprovada: true,
            ultimo_turno: true,
        } => Ok(Aprovada),
        // Approved in a turno that is not the last: it waits for the next one.
        Evento::Votada {
            aprovada: true,
            ultimo_turno: false,
        } => Ok(ProntaParaPauta),
        // Decided by caminho_da_norma above.
        Evento::EnviadaSancao
        | Evento::AutografoPromulgacao
        | Evento::Sancionada
        | Evento::Vetada
        | Evento::VetoDeliberado { .. }
        | Evento::Promulgada => Err(recusa("Andamento fora do caminho da norma.")),
    }
}

/// The events of the path from the approved proposição to the norma (the autógrafo's own
/// rules, `normas::sancao::EstadoAutografo::can_become`, come first; these keep the
/// proposição's situação in step). `None` for the other events.
fn caminho_da_norma(
    atual: Situacao,
    evento: Evento,
    encerrada: bool,
) -> Option<Result<Situacao, ValidationError>> {
    use Situacao::*;
    let fora = |m: &str| Some(Err(recusa(m)));
    if encerrada
        && matches!(
            evento,
            Evento::EnviadaSancao
                | Evento::AutografoPromulgacao
                | Evento::Sancionada
                | Evento::Vetada
                | Evento::VetoDeliberado { .. }
                | Evento::Promulgada
        )
    {
        return fora(
            "A tramitação desta proposição está encerrada (rejeitada, arquivada ou retirada).",
        );
    }
    match evento {
        Evento::EnviadaSancao | Evento::AutografoPromulgacao if atual != Aprovada => {
            fora("Só uma proposição aprovada tem autógrafo.")
        }
        Evento::EnviadaSancao => Some(Ok(AguardandoSancao)),
        Evento::AutografoPromulgacao => Some(Ok(AguardandoPromulgacao)),
        Evento::Sancionada | Evento::Vetada if atual != AguardandoSancao => {
            fora("Só uma proposição aguardando sanção pode ser sancionada ou vetada.")
        }
        Evento::Sancionada => Some(Ok(Sancionada)),
        Evento::Vetada => Some(Ok(Vetada)),
        Evento::VetoDeliberado { total: true, .. } if atual != Vetada => {
            fora("Não há veto total a deliberar.")
        }
        Evento::VetoDeliberado { total: false, .. } if atual != Sancionada => {
            fora("Não há veto parcial a deliberar.")
        }
        Evento::VetoDeliberado {
            derrubado: true,
            total: true,
        } => Some(Ok(AguardandoPromulgacao)),
        Evento::VetoDeliberado { .. } => Some(Ok(atual)),
        // After a derrubada, a sanção tácita (stored as aguardando sanção) or for the Mesa;
        // a sanção parcial whose veto fell promulgates the rejected parts.
        Evento::Promulgada
            if matches!(atual, AguardandoPromulgacao | AguardandoSancao | Sancionada) =>
        {
            Some(Ok(Promulgada))
        }
        Evento::Promulgada => fora("Esta proposição não aguarda promulgação."),
        _ => None,
    }
}

/// The counter scope of a tipo's numbers: per year, per legislatura or a single sequence.
/// `legislatura` is the legislatura's id (or number) the date falls in.
pub fn escopo_numeracao(
    tipo_id: impl fmt::Display,
    escopo: EscopoNumeracao,
    ano: i32,
    legislatura: Option<impl fmt::Display>,
) -> Result<String, ValidationError> {
    Ok(match escopo {
        EscopoNumeracao::Ano => format!("proposicao:{tipo_id}:ano:{ano}"),
        EscopoNumeracao::Unico => format!("proposicao:{tipo_id}:unico"),
        EscopoNumeracao::Legislatura => match legislatura {
            Some(l) => format!("proposicao:{tipo_id}:legislatura:{l}"),
            None => {
                return Err(ValidationError::new(
                    "tipo_id",
                    "Este tipo é numerado por legislatura, e não há legislatura cadastrada que \
                     inclua a data de apresentação.",
                ));
            }
        },
    })
}

/// The counter scope of the children (emendas, subemendas, substitutivos) of one proposição.
pub fn escopo_acessorias(mae_id: impl fmt::Display, tipo_id: impl fmt::Display) -> String {
    format!("acessoria:{mae_id}:{tipo_id}")
}

/// The counter scope of the protocolo's numbers: one gapless sequence per year.
pub fn escopo_protocolo(ano: i32) -> String {
    format!("protocolo:{ano}")
}

/// "PL 12/2026".
pub fn identificacao(sigla: &str, numero: i64, ano: i32) -> String {
    format!("{sigla} {numero}/{ano}")
}

#[cfg(test)]
mod caminho_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use Situacao::*;

    pub(super) fn depois(eventos: &[Evento]) -> Result<Situacao, ValidationError> {
        let mut s = None;
        for e in eventos {
            s = Some(aplicar(s, *e)?);
        }
        s.ok_or_else(|| recusa("vazio"))
    }

    pub(super) const COMISSAO: Evento = Evento::Tramitada {
        destino: TipoUnidade::Comissao,
        encerra: false,
    };

    #[test]
    fn the_usual_path() {
        use Evento::*;
        assert_eq!(depois(&[Protocolada]), Ok(Situacao::Protocolada));
        assert_eq!(depois(&[Protocolada, COMISSAO]), Ok(EmComissao));
        assert_eq!(depois(&[Protocolada, Distribuida, Parecer]), Ok(EmComissao));
        assert_eq!(
            depois(&[Protocolada, Distribuida, Parecer, Evento::ProntaParaPauta]),
            Ok(Situacao::ProntaParaPauta)
        );
        let votada = |aprovada, ultimo_turno| Votada {
            aprovada,
            ultimo_turno,
        };
        assert_eq!(
            depois(&[Protocolada, Evento::ProntaParaPauta, votada(true, false)]),
            Ok(Situacao::ProntaParaPauta)
        );
        assert_eq!(
            depois(&[Protocolada, Evento::ProntaParaPauta, votada(true, true)]),
            Ok(Aprovada)
        );
        assert_eq!(
            depois(&[Protocolada, Evento::ProntaParaPauta, votada(false, false)]),
            Ok(Rejeitada)
        );
    }

    #[test]
    fn every_event_from_every_situacao_is_decided() {
        let eventos = [
            Evento::Protocolada,
            COMISSAO,
            Evento::Tramitada {
                destino: TipoUnidade::Secretaria,
                encerra: true,
            },
            Evento::Distribuida,
            Evento::Parecer,
            Evento::ProntaParaPauta,
            Evento::Votada {
                aprovada: true,
                ultimo_turno: true,
            },
            Evento::Retirada,
            Evento::Arquivada,
            Evento::Desarquivada,
            Evento::Correcao,
            Evento::Pauta,
        ];
        for s in Situacao::ALL {
            for e in eventos {
                let r = aplicar(Some(*s), e);
                let encerrada = matches!(s, Rejeitada | Arquivada | Retirada);
                match e {
                    Evento::Correcao | Evento::Pauta => assert_eq!(r, Ok(*s)),
                    Evento::Protocolada => assert!(r.is_err()),
                    Evento::Desarquivada => assert_eq!(r.is_ok(), *s == Arquivada),
                    Evento::Arquivada => assert_eq!(r.is_ok(), *s != Arquivada),
                    _ if encerrada => assert!(r.is_err(), "{s:?} {e:?}"),
                    _ => {}
                }
                if let Err(m) = r {
                    assert!(!m.message.is_empty());
                }
            }
        }
        assert!(aplicar(None, COMISSAO).is_err());
        assert_eq!(
            aplicar(
                Some(EmComissao),
                Evento::Tramitada {
                    destino: TipoUnidade::Secretaria,
                    encerra: true
                }
            ),
            Ok(Arquivada)
        );
        assert_eq!(
            aplicar(
                Some(Aprovada),
                Evento::Tramitada {
                    destino: TipoUnidade::Executivo,
                    encerra: false
                }
            ),
            Ok(Aprovada)
        );
        assert!(aplicar(Some(Aprovada), Evento::Retirada).is_err());
        assert!(aplicar(Some(EmTramitacao), Evento::Parecer).is_err());
        assert!(
            aplicar(
                Some(EmComissao),
                Evento::Votada {
                    aprovada: true,
                    ultimo_turno: true
                }
            )
            .is_err()
        );
    }

    #[test]
    fn codes_round_trip() {
        for s in Situacao::ALL {
            assert_eq!(Situacao::parse(s.as_str()), Some(*s));
        }
        for q in Quorum::ALL {
            assert_eq!(Quorum::parse(q.as_str()), Some(*q));
        }
        assert_eq!(Regime::parse("urgencia"), Some(Regime::Urgencia));
        assert_eq!(TipoAutor::parse("nada"), None);
    }

    #[test]
    fn numbering_scopes() {
        let e = escopo_numeracao("t", EscopoNumeracao::Ano, 2026, None::<i32>);
        assert_eq!(e.as_deref(), Ok("proposicao:t:ano:2026"));
        assert_ne!(
            escopo_numeracao("t", EscopoNumeracao::Ano, 2027, None::<i32>),
            e
        );
        assert_eq!(
            escopo_numeracao("t", EscopoNumeracao::Legislatura, 2026, Some(20)).as_deref(),
            Ok("proposicao:t:legislatura:20")
        );
        assert!(escopo_numeracao("t", EscopoNumeracao::Legislatura, 2026, None::<i32>).is_err());
        assert_eq!(
            escopo_numeracao("t", EscopoNumeracao::Unico, 2026, None::<i32>).as_deref(),
            Ok("proposicao:t:unico")
        );
        assert_eq!(escopo_protocolo(2026), "protocolo:2026");
        assert_eq!(identificacao("PL", 12, 2026), "PL 12/2026");
    }
}
