//! Tests of mesa_comissoes (see the module's routes).
