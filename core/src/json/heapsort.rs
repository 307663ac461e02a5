//! Heapsort for the duplicate-name check: O(n log n) comparisons for any input, in place,
//! in a few hundred bytes of code. The standard library's unstable sort linked about
//! 10 KB of wasm (twiggy) into every package, for a sort that runs only when two member
//! names of one object share a key; it stays the reference in the tests.

use core::cmp::Ordering;

/// Sorts `items` in place by `compare` (not stable: equal items may change places).
pub(crate) fn sort_by<T: Copy>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let len = items.len();
    for root in (0..len / 2).rev() {
        sift_down(items, root, len, &mut compare);
    }
    for end in (1..len).rev() {
        // The largest of items[..=end] is at the root: it goes to its final place.
        items.swap(0, end);
        sift_down(items, 0, end, &mut compare);
    }
}

/// Moves the item at `root` down the max-heap `items[..end]` until neither child is
/// larger.
fn sift_down<T: Copy>(
    items: &mut [T],
    mut root: usize,
    end: usize,
    compare: &mut impl FnMut(&T, &T) -> Ordering,
) {
    let Some(heap) = items.get_mut(..end) else {
        return;
    };
    loop {
        let left = root.saturating_mul(2).saturating_add(1);
        let (Some(&top), Some(&left_item)) = (heap.get(root), heap.get(left)) else {
            return;
        };
        let (child, larger) = match heap.get(left + 1) {
            Some(&right_item) if compare(&left_item, &right_item) == Ordering::Less => {
                (left + 1, right_item)
            }
            _ => (left, left_item),
        };
        if compare(&top, &larger) != Ordering::Less {
            return;
        }
        heap.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn sorted(mut items: Vec<(u8, u8)>) -> Vec<(u8, u8)> {
        sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        items
    }

    #[test]
    fn sorts_the_short_and_the_degenerate() {
        assert_eq!(sorted(Vec::new()), Vec::new());
        assert_eq!(sorted(alloc::vec![(1, 0)]), alloc::vec![(1, 0)]);
        assert_eq!(
            sorted(alloc::vec![(2, 0), (1, 0)]),
            alloc::vec![(1, 0), (2, 0)]
        );
        let descending: Vec<(u8, u8)> = (0..=255).rev().map(|k| (k, 0)).collect();
        let ascending: Vec<(u8, u8)> = (0..=255).map(|k| (k, 0)).collect();
        assert_eq!(sorted(descending), ascending);
        assert_eq!(sorted(alloc::vec![(7, 0); 100]), alloc::vec![(7, 0); 100]);
    }

    proptest::proptest! {
        /// Differential: the same order of keys as the standard library's sort, and the
        /// same items (a permutation: nothing lost or duplicated).
        #[test]
        fn agrees_with_the_standard_sort(items in proptest::collection::vec((0..16u8, proptest::prelude::any::<u8>()), 0..200)) {
            let ours = sorted(items.clone());
            let mut reference = items.clone();
            reference.sort_unstable_by_key(|a| a.0);
            let keys = |v: &[(u8, u8)]| v.iter().map(|x| x.0).collect::<Vec<_>>();
            proptest::prop_assert_eq!(keys(&ours), keys(&reference));
            let mut ours_all = ours;
            ours_all.sort_unstable();
            reference.sort_unstable();
            proptest::prop_assert_eq!(ours_all, reference);
        }
    }
}
