//! Tests of parlamentares_admin (see the module's routes).
