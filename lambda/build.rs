//! Bakes a JWKS into the binary when `EDGEJWT_PINNED_JWKS` names a file at build time:
//! the authorizer then never fetches keys (no network at cold start).
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=EDGEJWT_PINNED_JWKS");
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("pinned_jwks.json");
    let pinned = match std::env::var_os("EDGEJWT_PINNED_JWKS") {
        Some(path) => {
            println!("cargo:rerun-if-changed={}", PathBuf::from(&path).display());
            match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(error) => {
                    println!(
                        "cargo:error=EDGEJWT_PINNED_JWKS={}: {error}",
                        PathBuf::from(&path).display()
                    );
                    std::process::exit(1);
                }
            }
        }
        None => String::new(),
    };
    if let Err(error) = std::fs::write(&out, pinned) {
        println!("cargo:error={}: {error}", out.display());
        std::process::exit(1);
    }
}
