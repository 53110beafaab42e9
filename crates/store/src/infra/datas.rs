//! Dates as they leave the system and come back from PostgreSQL's JSON: ISO 8601
//! (`2025-01-01`) in JSON and CSV alike. `#[serde(with = "crate::infra::datas::iso")]` on a
//! `Date`, `iso_opt` on an `Option<Date>` (null, or empty in CSV).

use time::Date;
use time::macros::format_description;

fn ler(s: &str) -> Result<Date, time::error::Parse> {
    Date::parse(s, format_description!("[year]-[month]-[day]"))
}

pub mod iso {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!(
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        ))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        super::ler(<&str>::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

pub mod iso_opt {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => super::iso::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        <Option<&str>>::deserialize(d)?
            .map(super::ler)
            .transpose()
            .map_err(serde::de::Error::custom)
    }
}
