//! Páginas institucionais (Markdown) and their attachments.
