//! Open-data rows that nest a list in JSON and flatten it into one cell in CSV, declared
//! once: [`dados_e_csv!`] writes both structs and the conversion from one field list, so the
//! two formats cannot drift apart.

/// How one element of a nested list reads inside a CSV cell.
pub trait Celula {
    fn celula(&self) -> String;
}

/// The CSV cell of a whole list: its elements' cells joined by `; `.
pub fn celulas<T: Celula>(lista: &[T]) -> String {
    lista
        .iter()
        .map(Celula::celula)
        .collect::<Vec<_>>()
        .join("; ")
}

/// `dados_e_csv! { #[derive(..)] Dados / #[derive(..)] Csv { campos…, [lista: Elemento], campos… } }`:
/// the JSON struct (`lista: Vec<Elemento>`), its CSV twin (`lista: String`, through
/// [`Celula`]) and `From<Dados> for Csv`. Field attributes apply to both structs; the
/// fields keep their order in both, so the CSV columns follow the JSON keys.
macro_rules! dados_e_csv {
    (
        $(#[$meta:meta])*
        $dados:ident /
        $(#[$meta_csv:meta])*
        $csv:ident {
            $( $(#[$fa:meta])* $antes:ident : $ta:ty, )*
            [ $(#[$fl:meta])* $lista:ident : $el:ident ],
            $( $(#[$fd:meta])* $depois:ident : $td:ty, )*
        }
    ) => {
        $(#[$meta])*
        pub struct $dados {
            $( $(#[$fa])* pub $antes: $ta, )*
            $(#[$fl])* pub $lista: Vec<$el>,
            $( $(#[$fd])* pub $depois: $td, )*
        }

        $(#[$meta_csv])*
        pub struct $csv {
            $( $(#[$fa])* pub $antes: $ta, )*
            pub $lista: String,
            $( $(#[$fd])* pub $depois: $td, )*
        }

        impl From<$dados> for $csv {
            fn from(d: $dados) -> Self {
                Self {
                    $lista: $crate::infra::aberto::celulas(&d.$lista),
                    $( $antes: d.$antes, )*
                    $( $depois: d.$depois, )*
                }
            }
        }
    };
}
pub(crate) use dados_e_csv;
