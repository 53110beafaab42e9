//! Comissões and their composição per período.
