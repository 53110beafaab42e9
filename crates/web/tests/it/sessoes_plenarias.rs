//! Tests of sessoes_plenarias (see the module's routes).
