//! Short names for the functions the wasm imports from wasm-bindgen's glue.
//!
//! wasm-bindgen names each import after the API it calls and a hash, e.g.
//! `__wbg_setAttribute_2704501201f15687`, and writes every name twice: into the wasm's import
//! section and as a key of the object the glue hands to `WebAssembly.instantiate`. Only the two
//! have to agree; the page downloads both. Renaming them `a`, `b`, … in both files, after
//! `wasm-opt` and before the glue is bundled, saves about 4 KB after brotli.

use crate::cmd::Result;

/// The import module of wasm-bindgen's glue (`--out-name ozg_widget`).
pub(crate) const GLUE_MODULE: &str = "./ozg_widget_bg.js";

/// Old and new name of each renamed import, in the order of the import section.
pub(crate) type Renames = Vec<(String, String)>;

/// The module with every function it imports from `module` renamed, and the renames.
pub(crate) fn shorten(wasm: &[u8], module: &str) -> Result<(Vec<u8>, Renames)> {
    let broken = || "the wasm's import section cannot be read".to_owned();
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a WebAssembly module (version 1)".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut renames = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let start = at;
        let id = wasm[at];
        at += 1;
        let size = usize::try_from(leb128(wasm, &mut at).ok_or_else(broken)?)?;
        let end = at.checked_add(size).filter(|&end| end <= wasm.len());
        let end = end.ok_or_else(broken)?;
        if id != 2 {
            out.extend_from_slice(&wasm[start..end]);
            at = end;
            continue;
        }
        let mut p = at;
        let count = leb128(wasm, &mut p).ok_or_else(broken)?;
        let mut section = Vec::new();
        write_leb128(&mut section, count);
        for _ in 0..count {
            let from = name(wasm, &mut p).ok_or_else(broken)?;
            let field = name(wasm, &mut p).ok_or_else(broken)?;
            let desc_start = p;
            skip_import_desc(wasm, &mut p).ok_or_else(broken)?;
            let desc = &wasm[desc_start..p];
            let new = if from == module && desc[0] == 0 {
                let short = short_name(renames.len());
                renames.push((field.to_owned(), short.clone()));
                short
            } else {
                field.to_owned()
            };
            write_name(&mut section, from);
            write_name(&mut section, &new);
            section.extend_from_slice(desc);
        }
        if p != end {
            return Err(broken().into());
        }
        out.push(2);
        write_leb128(&mut out, section.len() as u64);
        out.extend_from_slice(&section);
        at = end;
    }
    Ok((out, renames))
}

/// `glue` with each renamed import's key in the imports object renamed too. Every old name must
/// be there exactly once, as a key (`name:`): if wasm-bindgen ever writes its glue differently,
/// the build stops here instead of shipping a module that fails to instantiate.
pub(crate) fn rename_in_glue(glue: &str, renames: &[(String, String)]) -> Result<String> {
    let mut out = glue.to_owned();
    for (old, new) in renames {
        let key = format!("{old}:");
        match (out.matches(old.as_str()).count(), out.matches(&key).count()) {
            (1, 1) => out = out.replacen(&key, &format!("{new}:"), 1),
            (uses, keys) => {
                return Err(format!(
                    "wasm-bindgen's glue names the import {old} {uses} times, {keys} of them as \
                     a key; expected it once, as a key of the imports object"
                )
                .into());
            }
        }
    }
    Ok(out)
}

/// `a` … `z`, `A` … `Z`, then `aa`, `ab`, …: valid JavaScript keys, never `__proto__`.
fn short_name(mut index: usize) -> String {
    const LETTERS: &[u8; 52] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[index % LETTERS.len()]);
        index /= LETTERS.len();
        if index == 0 {
            break;
        }
        index -= 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

fn name<'a>(bytes: &'a [u8], at: &mut usize) -> Option<&'a str> {
    let len = usize::try_from(leb128(bytes, at)?).ok()?;
    let text = std::str::from_utf8(bytes.get(*at..at.checked_add(len)?)?).ok()?;
    *at += len;
    Some(text)
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb128(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

/// Skips an import's description: function, table, memory, global or tag.
fn skip_import_desc(bytes: &[u8], at: &mut usize) -> Option<()> {
    let kind = *bytes.get(*at)?;
    *at += 1;
    match kind {
        // Function or tag: (attribute and) type index.
        0 => leb128(bytes, at).map(drop),
        4 => {
            *at += 1;
            leb128(bytes, at).map(drop)
        }
        // Table: reference type, then limits.
        1 => {
            *at += 1;
            skip_limits(bytes, at)
        }
        2 => skip_limits(bytes, at),
        // Global: value type and mutability.
        3 => {
            *at += 2;
            (*at <= bytes.len()).then_some(())
        }
        _ => None,
    }
}

/// Limits: flags, minimum, and a maximum when flag bit 0 is set (also for 64-bit and shared).
fn skip_limits(bytes: &[u8], at: &mut usize) -> Option<()> {
    let flags = *bytes.get(*at)?;
    *at += 1;
    leb128(bytes, at)?;
    if flags & 1 == 1 {
        leb128(bytes, at)?;
    }
    Some(())
}

pub(crate) fn leb128(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn write_leb128(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions from the glue, one from elsewhere and a memory.
    fn module() -> Vec<u8> {
        let mut section = Vec::new();
        write_leb128(&mut section, 4);
        for (module, field, desc) in [
            (
                GLUE_MODULE,
                "__wbg_setAttribute_2704501201f15687",
                &[0u8, 0][..],
            ),
            ("env", "memory", &[2, 1, 1, 16][..]),
            ("./snippets/x.js", "helper", &[0, 1][..]),
            (GLUE_MODULE, "__wbindgen_cast_0000000000000001", &[0, 1][..]),
        ] {
            write_name(&mut section, module);
            write_name(&mut section, field);
            section.extend_from_slice(desc);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // A type section before (`() -> ()`, `(i32) -> ()`), a custom section after: both kept
        // byte for byte.
        wasm.extend([1, 8, 2, 0x60, 0, 0, 0x60, 1, 0x7f, 0]);
        wasm.push(2);
        write_leb128(&mut wasm, section.len() as u64);
        wasm.extend(&section);
        wasm.extend([0, 4, 3, b'a', b'b', b'c']);
        wasm
    }

    #[test]
    fn glue_imports_get_short_names_and_nothing_else_changes() {
        let wasm = module();
        let (short, renames) = shorten(&wasm, GLUE_MODULE).expect("a readable module");
        assert_eq!(
            renames,
            [
                (
                    "__wbg_setAttribute_2704501201f15687".to_owned(),
                    "a".to_owned()
                ),
                (
                    "__wbindgen_cast_0000000000000001".to_owned(),
                    "b".to_owned()
                ),
            ]
        );
        // Read back: the same imports in the same order, the other module's and the memory
        // untouched, and the sections around byte for byte.
        let (again, renamed_again) = shorten(&short, "none").expect("still readable");
        assert_eq!(again, short);
        assert!(renamed_again.is_empty());
        let text = String::from_utf8_lossy(&short);
        for kept in ["env", "memory", "./snippets/x.js", "helper", "abc"] {
            assert!(text.contains(kept), "{kept} is gone");
        }
        assert!(!text.contains("__wbg_"));
        assert_eq!(short[..18], wasm[..18], "header and type section");
        assert!(short.ends_with(&[0, 4, 3, b'a', b'b', b'c']));
        // The two names shrink to one letter each, and the section's size, now below 128,
        // to one byte of LEB128.
        let saved = "__wbg_setAttribute_2704501201f15687".len() - 1
            + "__wbindgen_cast_0000000000000001".len()
            - 1;
        assert_eq!(wasm.len() - short.len(), saved + 1);
    }

    #[test]
    fn a_broken_module_is_refused() {
        let mut wasm = module();
        let cut = wasm.len() - 10;
        wasm.truncate(cut);
        assert!(shorten(&wasm, GLUE_MODULE).is_err());
        assert!(shorten(b"\0asm\x02\0\0\0", GLUE_MODULE).is_err());
    }

    #[test]
    fn the_glue_gets_the_same_names() {
        let renames = [("__wbg_f_1234".to_owned(), "a".to_owned())];
        let glue =
            "const import0 = {\n    __proto__: null,\n    __wbg_f_1234: function(arg0) {},\n};";
        assert_eq!(
            rename_in_glue(glue, &renames).expect("one key"),
            "const import0 = {\n    __proto__: null,\n    a: function(arg0) {},\n};"
        );
        // Used elsewhere too, or missing: refused rather than guessed.
        assert!(rename_in_glue(&format!("{glue} __wbg_f_1234()"), &renames).is_err());
        assert!(rename_in_glue("const import0 = {};", &renames).is_err());
    }

    #[test]
    fn short_names_count_on_past_one_letter() {
        assert_eq!(short_name(0), "a");
        assert_eq!(short_name(51), "Z");
        assert_eq!(short_name(52), "aa");
        assert_eq!(short_name(53), "ab");
        assert_eq!(short_name(52 + 52 * 52), "aaa");
    }
}
