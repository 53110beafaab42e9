//! The câmara itself: its home page and theme, its identity (configurações), transparência.

pub mod cartoes;
pub mod configuracoes;
pub mod contraste;
pub mod inicio;
pub mod portal;
pub mod transparencia;
pub mod tv;
