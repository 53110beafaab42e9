//! Text written by a câmara's staff (biografias, notícias, páginas): Markdown, rendered to
//! HTML and sanitised, so nothing typed can run a script or break the page.

/// Markdown → safe HTML: tags limited to ammonia's conservative defaults (no `<script>`,
/// no event handlers, no `javascript:` links); links get `rel="noopener noreferrer"`.
pub fn markdown_seguro(md: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::clean(&html)
}

/// An uploaded file's name as recorded: its last path part, without control characters, at
/// most 200 characters; `padrao` when nothing is left.
pub fn nome_de_arquivo(nome: &str, padrao: &str) -> String {
    let n: String = nome
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if n.trim().is_empty() {
        padrao.to_owned()
    } else {
        n
    }
}

/// Drops the characters XML 1.0 forbids (C0 controls other than tab, newline and carriage
/// return; U+FFFE and U+FFFF): an escaping writer keeps them, and one of them in a title
/// makes the whole feed unreadable.
pub fn para_xml(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            !((c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_keeps_its_last_part_without_controls() {
        assert_eq!(nome_de_arquivo("C:\\docs\\lei.pdf", "anexo"), "lei.pdf");
        assert_eq!(nome_de_arquivo("../../a\u{0}b.pdf", "anexo"), "ab.pdf");
        assert_eq!(nome_de_arquivo("pasta/", "anexo"), "anexo");
        assert_eq!(nome_de_arquivo("  ", "documento"), "documento");
        assert_eq!(
            nome_de_arquivo(&"x".repeat(300), "anexo").chars().count(),
            200
        );
    }

    #[test]
    fn xml_text_loses_forbidden_characters_only() {
        assert_eq!(para_xml("a\u{0}b\u{0B}c\td\ne\u{FFFE}ç<"), "abc\td\neç<");
    }

    #[test]
    fn renders_markdown_and_removes_anything_dangerous() {
        let html = markdown_seguro("Vereadora **eleita** em 2024.\n\n- saúde\n- educação");
        assert!(html.contains("<strong>eleita</strong>"), "{html}");
        assert!(html.contains("<li>educação</li>"), "{html}");
        let html = markdown_seguro("<script>alert(1)</script>\n\n<img src=x onerror=alert(3)>");
        assert!(
            !html.contains("<script") && !html.contains("onerror"),
            "{html}"
        );
        let html = markdown_seguro("[clique](javascript:alert(2)) e [site](https://camara.leg.br)");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains("href=\"https://camara.leg.br\""), "{html}");
    }
}
