//! Reading the admin's pages as a browser would: forms with their fields and defaults,
//! local links, and which route pattern a concrete address belongs to.

/// A form found on a page.
#[derive(Debug, Clone)]
pub struct Formulario {
    pub action: String,
    pub post: bool,
    pub multipart: bool,
    /// (name, default value), in order.
    pub campos: Vec<(String, String)>,
}

pub(super) fn atributo(tag: &str, nome: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&format!("{nome}=")) {
        let i = from + i;
        let before = lower[..i].chars().last();
        from = i + nome.len() + 1;
        if !before.is_some_and(|c| c.is_whitespace()) {
            continue;
        }
        let rest = &tag[from..];
        let (q, rest) = match rest.chars().next()? {
            c @ ('"' | '\'') => (c, &rest[1..]),
            _ => {
                let end = rest.find([' ', '>', '/']).unwrap_or(rest.len());
                return Some(entidades(&rest[..end]));
            }
        };
        let end = rest.find(q)?;
        return Some(entidades(&rest[..end]));
    }
    None
}

fn entidades(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// The forms of a page, with their fields and default values.
pub fn formularios(html: &str, pagina: &str) -> Vec<Formulario> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<form") {
        let start = from + i;
        let Some(tag_end) = lower[start..].find('>').map(|e| start + e) else {
            break;
        };
        let end = lower[tag_end..]
            .find("</form")
            .map(|e| tag_end + e)
            .unwrap_or(html.len());
        let tag = &html[start..tag_end];
        let corpo = &html[tag_end..end];
        let action = atributo(tag, "action")
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| pagina.to_owned());
        let post = atributo(tag, "method").is_some_and(|m| m.eq_ignore_ascii_case("post"));
        let multipart = atributo(tag, "enctype").is_some_and(|e| e.contains("multipart"));
        let mut campos = Vec::new();
        let cl = corpo.to_ascii_lowercase();
        let mut j = 0;
        while let Some(k) = cl[j..].find('<') {
            let s = j + k;
            let Some(e) = cl[s..].find('>').map(|e| s + e) else {
                break;
            };
            let t = &corpo[s..=e];
            let tl = &cl[s..=e];
            j = e + 1;
            let Some(nome) = atributo(t, "name") else {
                continue;
            };
            if tl.starts_with("<input") {
                let tipo = atributo(t, "type").unwrap_or_default().to_ascii_lowercase();
                let plausivel = || plausivel(&tipo, &nome, atributo(t, "min"));
                if matches!(
                    tipo.as_str(),
                    "submit" | "button" | "file" | "image" | "reset"
                ) {
                    continue;
                }
                if matches!(tipo.as_str(), "checkbox" | "radio") && !tl.contains(" checked") {
                    if !campos.iter().any(|(n, _): &(String, String)| *n == nome) {
                        campos.push((nome, String::new()));
                    }
                    continue;
                }
                let valor = atributo(t, "value")
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(plausivel);
                campos.retain(|(n, v): &(String, String)| *n != nome || !v.is_empty());
                campos.push((nome, valor));
            } else if tl.starts_with("<select") {
                let fim = cl[j..].find("</select").map(|f| j + f).unwrap_or(cl.len());
                let opcoes = &corpo[j..fim];
                let ol = &cl[j..fim];
                // The selected option, or else the first with a value.
                let valores: Vec<(bool, String)> = ol
                    .match_indices("<option")
                    .filter_map(|(o, _)| {
                        let e = ol[o..].find('>')? + o;
                        let v = atributo(&opcoes[o..=e], "value")?;
                        Some((ol[o..=e].contains(" selected"), v))
                    })
                    .collect();
                let valor = valores
                    .iter()
                    .find(|(sel, v)| *sel && !v.is_empty())
                    .or_else(|| valores.iter().find(|(_, v)| !v.is_empty()))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                campos.push((nome, valor));
            } else if tl.starts_with("<textarea") {
                let fim = cl[j..].find("</textarea").map(|f| j + f).unwrap_or(j);
                let texto = entidades(&corpo[j..fim]);
                let texto = if texto.trim().is_empty() {
                    plausivel("textarea", &nome, None)
                } else {
                    texto
                };
                campos.push((nome, texto));
            }
        }
        out.push(Formulario {
            action: entidades(&action),
            post,
            multipart,
            campos,
        });
        from = end.max(start + 5);
    }
    out
}

/// A valid-looking value for an empty field, so a form passes its other checks and the
/// hostile field is the one that matters.
fn plausivel(tipo: &str, nome: &str, min: Option<String>) -> String {
    let n = crate::unique("v");
    match tipo {
        "date" => "2025-06-02".into(),
        "time" => "19:00".into(),
        "datetime-local" => "2025-06-02T19:00".into(),
        "number" => min.filter(|m| !m.is_empty()).unwrap_or_else(|| "12".into()),
        "email" => format!("{n}@teste.example"),
        "url" => "https://exemplo.org/pagina".into(),
        "tel" => "(81) 3000-0000".into(),
        "color" => "#336699".into(),
        "password" => "Senha#Forte2026!".into(),
        "hidden" => String::new(),
        _ => match nome {
            "sigla" => format!("T{}", &n[2..].replace('-', "")),
            "cep" => "53020-080".into(),
            "cnpj" => String::new(),
            "cpf" => String::new(),
            "slug" => String::new(),
            _ if nome.contains("data") || nome == "inicio" || nome == "fim" => "02/06/2025".into(),
            _ if nome.contains("email") => format!("{n}@teste.example"),
            _ => format!("Texto de teste {n}"),
        },
    }
}

/// Local links of a page (`href="/…"`).
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find("href=\"/") {
        let s = from + i + 6;
        let Some(e) = html[s..].find('"') else {
            break;
        };
        let l = entidades(&html[s..s + e]);
        if !l.starts_with("//") {
            out.push(l);
        }
        from = s + e;
    }
    out
}

/// Whether a concrete path matches a route pattern (`/x/{id}/y`).
pub fn casa(padrao: &str, path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let a: Vec<&str> = padrao.split('/').collect();
    let b: Vec<&str> = path.split('/').collect();
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(p, s)| (p.starts_with('{') && !s.is_empty()) || p == s)
}
