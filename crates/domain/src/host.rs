//! Host names: how a request names its câmara.

use crate::ValidationError;

/// Normalises a `Host` header value: lowercase, no port, no trailing dot.
/// Returns `None` for anything that is not a plausible DNS name (IP literals
/// included), so it can never match a câmara.
pub fn normalize(host_header: &str) -> Option<String> {
    let h = host_header.trim();
    // Strip the port; IPv6 literals ("[::1]:8080") never name a câmara.
    if h.starts_with('[') {
        return None;
    }
    let h = match h.rsplit_once(':') {
        Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => name,
        Some(_) => return None,
        None => h,
    };
    let h = h.strip_suffix('.').unwrap_or(h).to_ascii_lowercase();
    is_dns_name(&h).then_some(h)
}

fn is_dns_name(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 253
        && h.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Validates a custom domain an operator attaches to a câmara (`camara-x.leg.br`).
/// Internationalised names must be given in their ASCII (punycode) form.
pub fn parse_domain(input: &str) -> Result<String, ValidationError> {
    let d = input.trim().trim_end_matches('.').to_ascii_lowercase();
    let err = |m: String| Err(ValidationError::new("dominio", m));
    if !is_dns_name(&d) {
        return err(format!(
            "Domínio inválido: \"{input}\". Use um nome como camara-exemplo.sp.leg.br, \
             sem http://, porta ou barra (domínios com acento na forma punycode, xn--)."
        ));
    }
    if !d.contains('.') {
        return err(format!(
            "Domínio inválido: \"{input}\". Informe o nome completo, com o sufixo \
             (ex.: camara-exemplo.sp.leg.br)."
        ));
    }
    if d.split('.').all(|l| l.bytes().all(|b| b.is_ascii_digit())) {
        return err(format!(
            "Domínio inválido: \"{input}\". Um endereço IP não pode ser o domínio de uma câmara."
        ));
    }
    Ok(d)
}

/// If `host` is `<slug>.<base>`, the slug part.
pub fn slug_under_base<'a>(host: &'a str, base: &str) -> Option<&'a str> {
    let prefix = host.strip_suffix(base)?.strip_suffix('.')?;
    (!prefix.is_empty() && !prefix.contains('.')).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_hosts() {
        assert_eq!(
            normalize("Olinda.LocalHost:8080").as_deref(),
            Some("olinda.localhost")
        );
        assert_eq!(
            normalize("camara.leg.br.").as_deref(),
            Some("camara.leg.br")
        );
        assert_eq!(normalize("[::1]:8080"), None);
        assert_eq!(normalize("a..b"), None);
        assert_eq!(normalize("evil.com:80x"), None);
        assert_eq!(normalize("under_score.com"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn domains() {
        assert_eq!(
            parse_domain("Camara.SP.leg.br.").unwrap(),
            "camara.sp.leg.br"
        );
        assert!(parse_domain("https://camara.leg.br").is_err());
        assert!(parse_domain("localhost").is_err());
        assert!(parse_domain("10.0.0.1").is_err());
        assert!(parse_domain("câmara.leg.br").is_err());
        assert!(parse_domain("xn--cmara-zra.leg.br").is_ok());
    }

    #[test]
    fn slugs_under_base() {
        assert_eq!(
            slug_under_base("olinda.localhost", "localhost"),
            Some("olinda")
        );
        assert_eq!(slug_under_base("a.b.localhost", "localhost"), None);
        assert_eq!(slug_under_base("localhost", "localhost"), None);
        assert_eq!(slug_under_base("xlocalhost", "localhost"), None);
        assert_eq!(
            slug_under_base("olinda.plenario.app.br", "plenario.app.br"),
            Some("olinda")
        );
    }
}
