//! The câmara itself: its home page and theme, its identity (configurações), transparência;
//! and the admin's shared script with its Markdown preview.

pub mod cartoes;
pub mod configuracoes;
pub mod contraste;
pub mod inicio;
pub mod markdown;
pub mod portal;
pub mod transparencia;
pub mod tv;
