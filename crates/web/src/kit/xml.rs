//! XML documents written through quick-xml (text and attribute values escaped by it, never
//! by hand): the OAI-PMH provider's responses and records.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// A document being written. Writing into memory does not fail; the first error, were
/// there one, is kept and returned by [`Xml::fim`].
pub struct Xml {
    w: Writer<Vec<u8>>,
    erro: Option<io::Error>,
}

impl Default for Xml {
    fn default() -> Self {
        Self::new()
    }
}

impl Xml {
    /// A document with its `<?xml version="1.0" encoding="UTF-8"?>` declaration.
    pub fn new() -> Self {
        let mut x = Self {
            w: Writer::new(Vec::with_capacity(16 * 1024)),
            erro: None,
        };
        x.evento(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        x
    }

    /// A fragment (no declaration), to be embedded or validated on its own.
    pub fn fragmento() -> Self {
        Self {
            w: Writer::new(Vec::new()),
            erro: None,
        }
    }

    fn evento(&mut self, e: Event<'_>) {
        if self.erro.is_none()
            && let Err(e) = self.w.write_event(e)
        {
            self.erro = Some(e);
        }
    }

    fn inicio<'a>(nome: &'a str, atributos: &[(&'a str, &'a str)]) -> BytesStart<'a> {
        BytesStart::new(nome).with_attributes(atributos.iter().copied())
    }

    /// `<nome a="v"…>`.
    pub fn abrir(&mut self, nome: &str, atributos: &[(&str, &str)]) -> &mut Self {
        self.evento(Event::Start(Self::inicio(nome, atributos)));
        self
    }

    /// `</nome>`.
    pub fn fechar(&mut self, nome: &str) -> &mut Self {
        self.evento(Event::End(BytesEnd::new(nome)));
        self
    }

    /// `<nome a="v"…>texto</nome>`.
    pub fn elemento(&mut self, nome: &str, atributos: &[(&str, &str)], texto: &str) -> &mut Self {
        self.abrir(nome, atributos);
        self.evento(Event::Text(BytesText::new(texto)));
        self.fechar(nome)
    }

    /// `<nome>texto</nome>` only when there is a text.
    pub fn se_houver(&mut self, nome: &str, texto: &str) -> &mut Self {
        let t = texto.trim();
        if !t.is_empty() {
            self.elemento(nome, &[], t);
        }
        self
    }

    /// `<nome a="v"…/>`.
    pub fn vazio(&mut self, nome: &str, atributos: &[(&str, &str)]) -> &mut Self {
        self.evento(Event::Empty(Self::inicio(nome, atributos)));
        self
    }

    /// Another document's bytes, already written by an [`Xml`].
    pub fn incluir(&mut self, outro: &[u8]) -> &mut Self {
        if self.erro.is_none()
            && let Err(e) = io::Write::write_all(self.w.get_mut(), outro)
        {
            self.erro = Some(e);
        }
        self
    }

    pub fn fim(self) -> io::Result<Vec<u8>> {
        match self.erro {
            Some(e) => Err(e),
            None => Ok(self.w.into_inner()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Xml;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut x = Xml::fragmento();
        x.elemento("a", &[("t", "\"<&>")], "1 < 2 & 3 > \"x\"");
        let s = String::from_utf8(x.fim().unwrap()).unwrap();
        assert_eq!(
            s,
            "<a t=\"&quot;&lt;&amp;&gt;\">1 &lt; 2 &amp; 3 &gt; &quot;x&quot;</a>"
        );
    }
}
