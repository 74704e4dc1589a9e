//! Line-level (or element-level) diffs and three-way merges of small
//! sequences: a preamble's lines, an entry's body lines, a section's text
//! around its entries.
//!
//! The longest common subsequence is found by dynamic programming after the
//! common prefix and suffix are trimmed; sequences whose middle part is too
//! large for that give [`TooLarge`] and the caller falls back to git's own
//! line merge.

/// The middle parts of two sequences were too large to compare here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// Cells of the LCS table at most (rows × columns after trimming).
const MAX_CELLS: usize = 4_000_000;

/// For each element of `a`, the index of the element of `b` it is matched
/// with in a longest common subsequence, or `None`.
pub fn lcs_matches<T: PartialEq>(a: &[T], b: &[T]) -> Result<Vec<Option<usize>>, TooLarge> {
    let mut out = vec![None; a.len()];
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    for (i, slot) in out.iter_mut().enumerate().take(prefix) {
        *slot = Some(i);
    }
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    let suffix = ra.iter().rev().zip(rb.iter().rev()).take_while(|(x, y)| x == y).count();
    for k in 0..suffix {
        out[a.len() - 1 - k] = Some(b.len() - 1 - k);
    }
    let ma = &ra[..ra.len() - suffix];
    let mb = &rb[..rb.len() - suffix];
    let (n, m) = (ma.len(), mb.len());
    if n == 0 || m == 0 {
        return Ok(out);
    }
    if n.saturating_mul(m) > MAX_CELLS {
        return Err(TooLarge);
    }
    // len[i][j]: LCS length of ma[i..] and mb[j..].
    let w = m + 1;
    let mut len = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i * w + j] = if ma[i] == mb[j] {
                len[(i + 1) * w + j + 1] + 1
            } else {
                len[(i + 1) * w + j].max(len[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if ma[i] == mb[j] {
            out[prefix + i] = Some(prefix + j);
            i += 1;
            j += 1;
        } else if len[(i + 1) * w + j] >= len[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    Ok(out)
}

/// One piece of a three-way merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk<T> {
    /// Merged without a question: unchanged, changed on one side only, or
    /// changed alike on both.
    Clean(Vec<T>),
    /// Changed differently on both sides.
    Conflict { base: Vec<T>, ours: Vec<T>, theirs: Vec<T> },
}

/// The three-way merge of `ours` and `theirs`, both edited from `base`.
/// Only overlapping changes conflict; a conflict where all three sides have
/// the same length is merged element by element first (one side changed
/// line 2, the other line 3: clean).
pub fn merge<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Result<Vec<Chunk<T>>, TooLarge> {
    let ma = lcs_matches(base, ours)?;
    let mb = lcs_matches(base, theirs)?;
    let mut chunks: Vec<Chunk<T>> = Vec::new();
    let push_clean = |chunks: &mut Vec<Chunk<T>>, items: &[T]| {
        if items.is_empty() {
            return;
        }
        if let Some(Chunk::Clean(last)) = chunks.last_mut() {
            last.extend_from_slice(items);
        } else {
            chunks.push(Chunk::Clean(items.to_vec()));
        }
    };
    let (mut o, mut a, mut b) = (0usize, 0usize, 0usize);
    loop {
        // The stable run: base lines matched in both at the current places.
        let mut i = 0;
        while o + i < base.len() && ma[o + i] == Some(a + i) && mb[o + i] == Some(b + i) {
            i += 1;
        }
        if i > 0 {
            push_clean(&mut chunks, &base[o..o + i]);
            o += i;
            a += i;
            b += i;
            continue;
        }
        // The next base line matched in both ends the unstable run.
        let next = (o..base.len()).find(|&k| ma[k].is_some() && mb[k].is_some());
        let (oe, ae, be) = match next {
            Some(k) => (k, ma[k].unwrap_or(a), mb[k].unwrap_or(b)),
            None => (base.len(), ours.len(), theirs.len()),
        };
        if oe == o && ae == a && be == b {
            break;
        }
        let (cb, ca, ct) = (&base[o..oe], &ours[a..ae], &theirs[b..be]);
        if ca == cb {
            push_clean(&mut chunks, ct);
        } else if ct == cb || ca == ct {
            push_clean(&mut chunks, ca);
        } else if ca.len() == cb.len() && ct.len() == cb.len() {
            // Same shape: element by element.
            for k in 0..cb.len() {
                match merge_value(&cb[k], &ca[k], &ct[k]) {
                    Some(v) => push_clean(&mut chunks, std::slice::from_ref(v)),
                    None => chunks.push(Chunk::Conflict {
                        base: vec![cb[k].clone()],
                        ours: vec![ca[k].clone()],
                        theirs: vec![ct[k].clone()],
                    }),
                }
            }
        } else {
            chunks.push(Chunk::Conflict { base: cb.to_vec(), ours: ca.to_vec(), theirs: ct.to_vec() });
        }
        o = oe;
        a = ae;
        b = be;
    }
    Ok(chunks)
}

/// The three-way merge of one value: the side that changed it, or either
/// when both changed it alike; `None` when both changed it differently.
pub fn merge_value<'a, T: PartialEq>(base: &'a T, ours: &'a T, theirs: &'a T) -> Option<&'a T> {
    if ours == theirs || theirs == base {
        Some(ours)
    } else if ours == base {
        Some(theirs)
    } else {
        None
    }
}

/// The merged sequence of a clean merge (`None` if any chunk conflicts).
pub fn clean_result<T: Clone>(chunks: &[Chunk<T>]) -> Option<Vec<T>> {
    let mut out = Vec::new();
    for c in chunks {
        match c {
            Chunk::Clean(items) => out.extend_from_slice(items),
            Chunk::Conflict { .. } => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn merged(b: &str, o: &str, t: &str) -> Option<String> {
        clean_result(&merge(&v(b), &v(o), &v(t)).unwrap()).map(|r| r.into_iter().collect())
    }

    #[test]
    fn edits_apart_merge_and_overlapping_ones_conflict() {
        assert_eq!(merged("abcdef", "aXcdef", "abcdeY").as_deref(), Some("aXcdeY"));
        assert_eq!(merged("abcdef", "abcdef", "abXYef").as_deref(), Some("abXYef"));
        assert_eq!(merged("abcdef", "abZZef", "abZZef").as_deref(), Some("abZZef"));
        assert_eq!(merged("abc", "aXc", "aYc"), None);
        // Adjacent replacements of the same shape merge element by element.
        assert_eq!(merged("abcd", "aXcd", "abYd").as_deref(), Some("aXYd"));
        // Insertions at the same place by both sides conflict.
        assert_eq!(merged("ab", "aXb", "aYb"), None);
        assert_eq!(merged("", "x", "y"), None);
        assert_eq!(merged("", "", "y").as_deref(), Some("y"));
        assert_eq!(merged("abc", "", "abc").as_deref(), Some(""));
    }

    #[test]
    fn lcs_matches_a_longest_common_subsequence() {
        let m = lcs_matches(&v("xabcy"), &v("abzc")).unwrap();
        assert_eq!(m, vec![None, Some(0), Some(1), Some(3), None]);
    }
}
