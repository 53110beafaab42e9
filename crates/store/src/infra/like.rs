//! Text typed into a search box, made safe for `LIKE`/`ILIKE`: its `\`, `%` and `_` match
//! themselves.

/// `t` with the `LIKE` wildcards escaped (PostgreSQL's default escape character, `\`).
pub fn escapar(t: &str) -> String {
    t.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The pattern "contains `t`" for a search box's text; `None` when the box is empty.
pub fn contendo(t: Option<&str>) -> Option<String> {
    t.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| format!("%{}%", escapar(t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_themselves() {
        assert_eq!(escapar(r"50%_a\b"), r"50\%\_a\\b");
        assert_eq!(contendo(Some("  ab%  ")).as_deref(), Some(r"%ab\%%"));
        assert_eq!(contendo(Some("   ")), None);
        assert_eq!(contendo(None), None);
    }
}
