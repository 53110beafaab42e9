//! The password policy (issue #13, item 5): long enough, not one character repeated, not the
//! e-mail, and strong enough for zxcvbn (a well-kept estimator of how many guesses a password
//! takes, with its dictionaries of common passwords, names and words, keyboard patterns,
//! sequences and dates), told the words of this account and this câmara, and the words
//! everybody in a câmara would try first.

use crate::ValidationError;

/// The least zxcvbn score (0–4) accepted: 3, "safely unguessable" against an attack on a
/// stolen hash with a slow function (ours is Argon2id).
pub const FORCA_MINIMA: u8 = 3;

/// The policy as every password form states it.
pub const POLITICA_DE_SENHA: &str = "A senha precisa de pelo menos 10 caracteres e de força 3 \
     numa escala de 0 a 4 (medida pelo zxcvbn): evite senhas comuns, sequências (1234, abcd), \
     datas, repetições, o seu e-mail e o nome da câmara. Uma frase com palavras incomuns é \
     fácil de lembrar e forte.";

/// Words anyone would try first against an account of a câmara (zxcvbn knows English and
/// common passwords; these are ours).
const PALAVRAS_DA_CASA: [&str; 12] = [
    "senha",
    "camara",
    "câmara",
    "municipal",
    "vereador",
    "vereadora",
    "legislativo",
    "prefeitura",
    "brasil",
    "plenario",
    "plenário",
    "mudar",
];

/// Checks `senha` for the account `email`; `contexto` is what else an attacker knows (the
/// câmara's name, its município, the platform's name). The reason in Portuguese, for field
/// `senha`, when refused.
pub fn validar_senha(senha: &str, email: &str, contexto: &[&str]) -> Result<(), ValidationError> {
    let err = |m: String| Err(ValidationError::new("senha", m));
    let n = senha.chars().count();
    if n < 10 {
        return err("A senha deve ter pelo menos 10 caracteres.".into());
    }
    if n > 200 {
        return err("A senha deve ter no máximo 200 caracteres.".into());
    }
    let distintos: std::collections::BTreeSet<char> = senha.chars().collect();
    if distintos.len() < 4 {
        return err("A senha repete demais os mesmos caracteres; escolha uma mais variada.".into());
    }
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    if !local.is_empty() && senha.to_lowercase().contains(local) {
        return err("A senha não pode conter o seu e-mail.".into());
    }
    let mut palavras: Vec<String> = PALAVRAS_DA_CASA.iter().map(|p| (*p).to_owned()).collect();
    palavras.push(email.clone());
    for texto in std::iter::once(email.as_str()).chain(contexto.iter().copied()) {
        let texto = texto.trim().to_lowercase();
        palavras.extend(
            texto
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| p.chars().count() >= 3)
                .map(str::to_owned),
        );
        palavras.push(texto.split_whitespace().collect::<String>());
        palavras.push(crate::slugify(&texto).replace('-', ""));
        palavras.push(texto);
    }
    let conhecidas: Vec<&str> = palavras.iter().map(String::as_str).collect();
    let forca = u8::from(zxcvbn::zxcvbn(senha, &conhecidas).score());
    if forca < FORCA_MINIMA {
        return err(format!(
            "Senha fácil de adivinhar (força {forca} de 4; o mínimo é {FORCA_MINIMA}): evite \
             senhas comuns, sequências, datas, repetições, o seu e-mail e o nome da câmara. \
             Acrescente palavras incomuns ou troque por uma frase."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMAIL: &str = "maria.silva@camara.leg.br";
    const CAMARA: [&str; 2] = ["Câmara Municipal de Olinda", "Olinda"];

    #[test]
    fn weak_common_and_personal_passwords_are_refused() {
        for ruim in [
            "curta",
            "aaaaaaaaaaaa",
            "1234567890",
            "senha12345",
            "Senha@12345",
            "qwertyuiop",
            "maria.silva2026",
            "Câmara Municipal de Olinda",
            "camaramunicipaldeolinda",
            "Olinda2026!",
            "01/01/2026ab",
        ] {
            let r = validar_senha(ruim, EMAIL, &CAMARA);
            assert!(r.is_err(), "{ruim} should be refused");
            assert_eq!(r.unwrap_err().field, "senha");
        }
    }

    #[test]
    fn strong_passwords_are_accepted() {
        for boa in [
            "Olinda#Plenario2026",
            "Plenario#Olinda1",
            "Nova#Senha#Dona2026",
            "cavalo correto bateria grampo",
            "Plataforma#Nova2026",
            "Senha#Forte2026!",
        ] {
            assert!(validar_senha(boa, EMAIL, &CAMARA).is_ok(), "{boa}");
        }
    }

    #[test]
    fn the_message_states_the_strength_and_the_minimum() {
        let e = validar_senha("senha12345", EMAIL, &[]).unwrap_err();
        assert!(e.message.contains("o mínimo é 3"), "{}", e.message);
        assert!(POLITICA_DE_SENHA.contains("força 3"));
    }
}
