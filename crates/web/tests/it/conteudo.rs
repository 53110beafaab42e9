//! Tests of conteudo (see the module's routes).
