//! Notícias: drafts, scheduled and published, with cover images.
