//! Sorting the few items of a list the widget shows (field errors, "Follow us" links).
//!
//! An insertion sort, stable, for lists of a handful of items: each use of the standard
//! library's sorts compiles to a kilobyte or more of wasm per element type and key, this to a
//! few dozen bytes.

/// Sorts `items` by `key`, keeping the order of items with equal keys.
pub(crate) fn sort_small_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::sort_small_by_key;

    /// Items with a key and a tag that shows their first order.
    type Items = &'static [(u8, char)];

    #[test]
    fn sorts_stably() {
        let cases: [(Items, Items); 4] = [
            (&[], &[]),
            (&[(1, 'a')], &[(1, 'a')]),
            (
                &[(3, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')],
                &[(0, 'e'), (1, 'b'), (1, 'd'), (2, 'c'), (3, 'a')],
            ),
            (
                &[(2, 'a'), (2, 'b'), (2, 'c')],
                &[(2, 'a'), (2, 'b'), (2, 'c')],
            ),
        ];
        for (input, expected) in cases {
            let mut items = input.to_vec();
            sort_small_by_key(&mut items, |(key, _)| *key);
            assert_eq!(items, expected);
        }
    }
}
