//! Browser glue: sealing a share link with a passphrase through WebCrypto (PBKDF2-SHA-256 to an
//! AES-256-GCM key). Runs in the worker; the framing of the result is the engine's
//! (`dmarc_lens::share`). GCM's tag makes a wrong passphrase fail to decrypt rather than yield
//! garbage.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, Crypto, CryptoKey, Pbkdf2Params, SubtleCrypto, WorkerGlobalScope};

use dmarc_lens::share::{NONCE_LEN, SALT_LEN};

fn crypto() -> Result<Crypto, JsValue> {
    js_sys::global().unchecked_into::<WorkerGlobalScope>().crypto()
}

async fn derive_key(
    subtle: &SubtleCrypto,
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, JsValue> {
    let raw = Uint8Array::from(passphrase.as_bytes());
    let base = subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &Array::of1(&"deriveKey".into()))?;
    let base: CryptoKey = JsFuture::from(base).await?.unchecked_into();
    let params = Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt));
    let aes = AesDerivedKeyParams::new("AES-GCM", 256);
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let key = subtle.derive_key_with_object_and_object(&params, &base, &aes, false, &usages)?;
    Ok(JsFuture::from(key).await?.unchecked_into())
}

/// Seals `payload`: returns a fresh random salt, a fresh random nonce and the ciphertext.
pub async fn seal(payload: &[u8], passphrase: &str, iterations: u32) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>), JsValue> {
    let crypto = crypto()?;
    let mut salt = vec![0u8; SALT_LEN];
    let mut nonce = vec![0u8; NONCE_LEN];
    crypto.get_random_values_with_u8_array(&mut salt)?;
    crypto.get_random_values_with_u8_array(&mut nonce)?;
    let subtle = crypto.subtle();
    let key = derive_key(&subtle, passphrase, &salt, iterations).await?;
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(nonce.as_slice()));
    let sealed = JsFuture::from(subtle.encrypt_with_object_and_u8_array(&params, &key, payload)?).await?;
    Ok((salt, nonce, Uint8Array::new(&sealed).to_vec()))
}

/// Opens a sealed payload; `None` when the passphrase is wrong (or the link was changed).
pub async fn open(
    salt: &[u8],
    nonce: &[u8],
    ciphertext: &[u8],
    passphrase: &str,
    iterations: u32,
) -> Result<Option<Vec<u8>>, JsValue> {
    let subtle = crypto()?.subtle();
    let key = derive_key(&subtle, passphrase, salt, iterations).await?;
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(nonce));
    match JsFuture::from(subtle.decrypt_with_object_and_u8_array(&params, &key, ciphertext)?).await {
        Ok(plain) => Ok(Some(Uint8Array::new(&plain).to_vec())),
        Err(_) => Ok(None),
    }
}
