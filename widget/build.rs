//! Writes the widget's stylesheet, minified, to `OUT_DIR`, where `src/element.rs` includes it:
//! the wasm carries only what the browser reads, not the comments written for people.

#[path = "src/css_minify.rs"]
mod css_minify;

fn main() {
    println!("cargo::rerun-if-changed=src/style.css");
    println!("cargo::rerun-if-changed=src/css_minify.rs");
    let css = std::fs::read_to_string("src/style.css").expect("cannot read src/style.css");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("style.css"), css_minify::minify(&css))
        .expect("cannot write the minified stylesheet");
}
