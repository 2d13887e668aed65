//! The stylesheet as the wasm carries it: without comments and without the whitespace the
//! browser ignores. Used by the build script; strings are copied as they are.

/// `css` without comments, with each run of whitespace made one space, and without spaces next
/// to `{`, `}`, `;` and `,`, where CSS never needs them. Spaces elsewhere can matter (`a :focus`
/// is not `a:focus`, `calc(1px + 2px)` needs its), so they stay.
pub(crate) fn minify(css: &str) -> String {
    const TIGHT: [char; 4] = ['{', '}', ';', ','];
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = '\0';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            c => {
                if space && !out.is_empty() && !TIGHT.contains(&c) && !out.ends_with(TIGHT) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                if c == '"' || c == '\'' {
                    for inner in chars.by_ref() {
                        out.push(inner);
                        if inner == c {
                            break;
                        }
                    }
                }
            }
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::minify;

    #[test]
    fn comments_and_idle_whitespace_go_and_meaningful_spaces_stay() {
        let css = "/* theme */\n.a :focus,\n.b > .c {\n  margin: calc(1px + 2px) 0;\n  /* why */ color: red;\n}\n";
        assert_eq!(
            minify(css),
            ".a :focus,.b > .c{margin: calc(1px + 2px) 0;color: red;}"
        );
    }

    #[test]
    fn strings_are_kept_as_they_are() {
        assert_eq!(
            minify(".x::after {\n  content: \"  /* not a comment */ \";\n}"),
            ".x::after{content: \"  /* not a comment */ \";}"
        );
        assert_eq!(minify("a { content: ' \\2212' }"), "a{content: ' \\2212'}");
    }
}
