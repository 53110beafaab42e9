//! TV Câmara: the address of the câmara's channel or video, checked against the players the
//! portal knows how to embed, and the one player address (and origin) the page frames.
//!
//! Accepted: YouTube (a channel by its id, `youtube.com/channel/UC…`, whose live stream is
//! embedded; a video or a live by its id: `youtube.com/watch?v=…`, `youtu.be/…`,
//! `youtube.com/live/…`, `youtube.com/embed/…`) framed from `www.youtube-nocookie.com`, and
//! Vimeo (`vimeo.com/<id>`, `player.vimeo.com/video/<id>`) framed from `player.vimeo.com`.
//! A YouTube `@handle` cannot be embedded without the channel's id, so it is refused with
//! the way to find it.

use crate::ValidationError;

/// The largest address the field keeps.
pub const TAMANHO_MAXIMO: usize = 500;

/// A player the portal frames: the `src` of the `<iframe>` and its origin (what the
/// Content-Security-Policy's `frame-src` allows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    pub embed: String,
    pub origem: &'static str,
    /// A channel's live stream (true) or one video (false).
    pub ao_vivo: bool,
}

const YOUTUBE: &str = "https://www.youtube-nocookie.com";
const VIMEO: &str = "https://player.vimeo.com";

fn erro(msg: impl Into<String>) -> ValidationError {
    ValidationError::new("tv_url", msg)
}

/// An id of letters, digits, `-` and `_` (YouTube's video and channel ids).
fn id_valido(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The typed address → the player, or `None` for an empty field (no channel).
pub fn player(entrada: &str) -> Result<Option<Player>, ValidationError> {
    let url = entrada.trim();
    if url.is_empty() {
        return Ok(None);
    }
    if url.len() > TAMANHO_MAXIMO {
        return Err(erro(format!(
            "O endereço do canal deve ter até {TAMANHO_MAXIMO} caracteres."
        )));
    }
    let resto = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| erro("Informe o endereço completo, começando por https://."))?;
    let (host, caminho) = resto.split_once('/').unwrap_or((resto, ""));
    let host = host.to_ascii_lowercase();
    let (caminho, consulta) = caminho.split_once('?').unwrap_or((caminho, ""));
    let caminho = caminho.split('#').next().unwrap_or("");
    let partes: Vec<&str> = caminho.split('/').filter(|p| !p.is_empty()).collect();
    let param = |nome: &str| {
        consulta
            .split('#')
            .next()
            .unwrap_or("")
            .split('&')
            .find_map(|kv| kv.strip_prefix(nome)?.strip_prefix('='))
    };
    let video = |id: &str| {
        if id_valido(id, 6, 20) {
            Ok(Some(Player {
                embed: format!("{YOUTUBE}/embed/{id}"),
                origem: YOUTUBE,
                ao_vivo: false,
            }))
        } else {
            Err(erro(
                "O endereço do vídeo do YouTube não tem um identificador válido.",
            ))
        }
    };
    match host.as_str() {
        "youtube.com"
        | "www.youtube.com"
        | "m.youtube.com"
        | "youtube-nocookie.com"
        | "www.youtube-nocookie.com" => match partes.as_slice() {
            ["channel", id] | ["channel", id, "live"] | ["channel", id, "streams"] => {
                if id.starts_with("UC") && id_valido(id, 20, 30) {
                    Ok(Some(Player {
                        embed: format!("{YOUTUBE}/embed/live_stream?channel={id}"),
                        origem: YOUTUBE,
                        ao_vivo: true,
                    }))
                } else {
                    Err(erro(
                        "O identificador do canal do YouTube começa por UC (youtube.com/channel/UC…).",
                    ))
                }
            }
            ["embed", "live_stream"] => match param("channel") {
                Some(id) if id.starts_with("UC") && id_valido(id, 20, 30) => Ok(Some(Player {
                    embed: format!("{YOUTUBE}/embed/live_stream?channel={id}"),
                    origem: YOUTUBE,
                    ao_vivo: true,
                })),
                _ => Err(erro(
                    "O identificador do canal do YouTube começa por UC (youtube.com/channel/UC…).",
                )),
            },
            ["watch"] => video(param("v").unwrap_or("")),
            ["live", id] | ["embed", id] | ["shorts", id] => video(id),
            [h, ..] if h.starts_with('@') => Err(erro(
                "O YouTube só incorpora um canal pelo seu identificador: abra o canal, \
                 \"Compartilhar canal\" → \"Copiar ID do canal\", e informe \
                 https://www.youtube.com/channel/UC….",
            )),
            _ => Err(erro(
                "Informe o endereço do canal (youtube.com/channel/UC…) ou de um vídeo do YouTube.",
            )),
        },
        "youtu.be" => match partes.as_slice() {
            [id] => video(id),
            _ => Err(erro(
                "O endereço do vídeo do YouTube não tem um identificador válido.",
            )),
        },
        "vimeo.com" | "www.vimeo.com" | "player.vimeo.com" => {
            let id = match partes.as_slice() {
                ["video", id] if host == "player.vimeo.com" => *id,
                [id] if host != "player.vimeo.com" => *id,
                _ => "",
            };
            if !id.is_empty() && id.len() <= 15 && id.bytes().all(|b| b.is_ascii_digit()) {
                Ok(Some(Player {
                    embed: format!("{VIMEO}/video/{id}"),
                    origem: VIMEO,
                    ao_vivo: false,
                }))
            } else {
                Err(erro(
                    "Informe o endereço de um vídeo do Vimeo (vimeo.com/123456).",
                ))
            }
        }
        _ => Err(erro(
            "Só são aceitos canais e vídeos do YouTube e do Vimeo (players que o portal sabe incorporar com segurança).",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANAL: &str = "UCabcdefghijklmnopqrstuv";

    #[test]
    fn youtube_channels_and_videos_become_their_privacy_enhanced_player() {
        for url in [
            format!("https://www.youtube.com/channel/{CANAL}"),
            format!("https://youtube.com/channel/{CANAL}/live"),
            format!("https://www.youtube-nocookie.com/embed/live_stream?channel={CANAL}"),
        ] {
            let p = player(&url).unwrap().unwrap();
            assert_eq!(
                p.embed,
                format!("https://www.youtube-nocookie.com/embed/live_stream?channel={CANAL}"),
                "{url}"
            );
            assert!(p.ao_vivo);
            assert_eq!(p.origem, "https://www.youtube-nocookie.com");
        }
        for url in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/live/dQw4w9WgXcQ?si=x",
            "https://m.youtube.com/embed/dQw4w9WgXcQ",
        ] {
            let p = player(url).unwrap().unwrap();
            assert_eq!(
                p.embed, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
                "{url}"
            );
            assert!(!p.ao_vivo);
        }
    }

    #[test]
    fn vimeo_videos_are_accepted() {
        let p = player("https://vimeo.com/76979871").unwrap().unwrap();
        assert_eq!(p.embed, "https://player.vimeo.com/video/76979871");
        assert_eq!(p.origem, "https://player.vimeo.com");
        assert_eq!(
            player("https://player.vimeo.com/video/76979871")
                .unwrap()
                .unwrap(),
            p
        );
    }

    #[test]
    fn empty_is_no_channel_and_anything_else_is_refused_in_portuguese() {
        assert_eq!(player("  ").unwrap(), None);
        for url in [
            "https://evil.example/embed/x",
            "https://www.youtube.com.evil.example/channel/UCabcdefghijklmnopqrstuv",
            "javascript:alert(1)",
            "https://www.youtube.com/@camaraolinda",
            "https://www.youtube.com/channel/XYZ",
            "https://www.youtube.com/watch?v=<script>",
            "https://vimeo.com/abc",
            "www.youtube.com/channel/UCabcdefghijklmnopqrstuv",
        ] {
            let e = player(url).unwrap_err();
            assert_eq!(e.field, "tv_url", "{url}");
            assert!(!e.message.is_empty());
        }
        assert!(
            player("https://www.youtube.com/@camara")
                .unwrap_err()
                .message
                .contains("Copiar ID do canal")
        );
    }
}
