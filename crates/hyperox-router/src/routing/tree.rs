//! The route tree: one segment per level, static beats param beats
//! catch-all, with backtracking.

use super::pattern::{ParamRegex, Segment};
use smallvec::SmallVec;
use std::borrow::Cow;

/// Byte ranges of captured params in the path, in pattern order.
pub(crate) type Captures = SmallVec<[(u32, u32); 4]>;

/// A node of the route tree: what may follow the segments that lead here.
#[derive(Debug)]
pub(crate) struct Node<T> {
    /// First byte of each static child, to skip most comparisons.
    static_tags: Vec<u8>,
    /// The text of each static child.
    static_keys: Vec<Box<str>>,
    /// The static children, in the order of `static_keys`.
    statics: Vec<Node<T>>,
    /// A hash table over `static_keys` (index + 1, 0 for empty) once there
    /// are too many children to scan.
    static_index: Box<[u32]>,
    params: Vec<ParamEdge<T>>,
    catch_all: Option<T>,
    value: Option<T>,
}

#[derive(Debug)]
struct ParamEdge<T> {
    regex: Option<ParamRegex>,
    node: Node<T>,
}

impl<T> Default for Node<T> {
    fn default() -> Self {
        Self {
            static_tags: Vec::new(),
            static_keys: Vec::new(),
            statics: Vec::new(),
            static_index: Box::new([]),
            params: Vec::new(),
            catch_all: None,
            value: None,
        }
    }
}

impl<T> Node<T> {
    /// Adds a route. When one already ends at the same place, the first
    /// registered keeps it and its value is returned.
    pub(crate) fn insert(&mut self, segments: &[Segment], value: T) -> Option<&T> {
        let Some((first, rest)) = segments.split_first() else {
            if self.value.is_some() {
                return self.value.as_ref();
            }
            self.value = Some(value);
            return None;
        };
        match first {
            Segment::Static(text) => {
                let i = match self.static_keys.iter().position(|t| t == text) {
                    Some(i) => i,
                    None => {
                        self.static_tags.push(tag(text.as_bytes()));
                        self.static_keys.push(text.clone());
                        self.statics.push(Node::default());
                        self.reindex();
                        self.statics.len() - 1
                    }
                };
                self.statics[i].insert(rest, value)
            }
            Segment::Param { regex, .. } => {
                let source = regex.as_ref().map(|r| &r.source);
                let edge = match self
                    .params
                    .iter()
                    .position(|e| e.regex.as_ref().map(|r| &r.source) == source)
                {
                    Some(i) => &mut self.params[i],
                    None => {
                        self.params.push(ParamEdge {
                            regex: regex.clone(),
                            node: Node::default(),
                        });
                        self.params.last_mut().expect("just pushed")
                    }
                };
                edge.node.insert(rest, value)
            }
            Segment::CatchAll => {
                if self.catch_all.is_some() {
                    return self.catch_all.as_ref();
                }
                self.catch_all = Some(value);
                None
            }
        }
    }

    /// Every value in the tree.
    pub(crate) fn collect(&self, out: &mut Vec<T>)
    where
        T: Copy,
    {
        out.extend(self.value);
        out.extend(self.catch_all);
        for child in &self.statics {
            child.collect(out);
        }
        for edge in &self.params {
            edge.node.collect(out);
        }
    }

    /// Finds the route for `path`, which is either empty or starts at a
    /// `/` at `pos`, pushing param ranges onto `caps`. On failure `caps`
    /// is as it was.
    #[inline]
    pub(crate) fn find<'n>(
        &'n self,
        path: &[u8],
        pos: usize,
        caps: &mut Captures,
    ) -> Option<&'n T> {
        let mark = caps.len();
        let found = self.find_from(path, pos, caps);
        if found.is_none() {
            caps.truncate(mark);
        }
        found
    }

    #[inline]
    fn find_from<'n>(&'n self, path: &[u8], mut pos: usize, caps: &mut Captures) -> Option<&'n T> {
        let mut node = self;
        loop {
            if pos >= path.len() {
                return node.value.as_ref();
            }
            let start = pos + 1;
            // Static children are matched against the path directly; the
            // segment's end is looked for only when needed.
            let (child, end) = node.static_child_at(path, start);
            let end = end.unwrap_or_else(|| segment_end(path, start));
            let seg = &path[start..end];
            // Where there is one way on, follow it without recursing:
            // nothing to backtrack to here.
            if node.catch_all.is_none() {
                match (child, node.params.as_slice()) {
                    (Some(c), []) => {
                        node = c;
                        pos = end;
                        continue;
                    }
                    (None, [edge]) if edge.regex.is_none() => {
                        caps.push((start as u32, end as u32));
                        node = &edge.node;
                        pos = end;
                        continue;
                    }
                    (None, []) => return None,
                    _ => {}
                }
            }
            if let Some(c) = child
                && let Some(v) = c.find(path, end, caps)
            {
                return Some(v);
            }
            for edge in &node.params {
                if let Some(re) = &edge.regex
                    && !regex_matches(re, seg)
                {
                    continue;
                }
                caps.push((start as u32, end as u32));
                if let Some(v) = edge.node.find(path, end, caps) {
                    return Some(v);
                }
                caps.pop();
            }
            if let Some(v) = &node.catch_all {
                caps.push((start as u32, path.len() as u32));
                return Some(v);
            }
            return None;
        }
    }
}

/// Where the segment starting at `start` ends: the next `/` or the end.
#[inline]
fn segment_end(path: &[u8], start: usize) -> usize {
    match path[start..].iter().position(|&b| b == b'/') {
        Some(i) => start + i,
        None => path.len(),
    }
}

/// Whether a param regex accepts a (percent-decoded) segment.
#[inline(never)]
fn regex_matches(re: &ParamRegex, seg: &[u8]) -> bool {
    let Ok(raw) = std::str::from_utf8(seg) else {
        return false;
    };
    match decode(raw) {
        Some(text) => re.regex.is_match(&text),
        None => false,
    }
}

/// Static children are scanned while there are at most this many...
const SCAN_MAX: usize = 64;
/// ...and at most this many share a first byte; past that they are hashed.
const SCAN_MAX_SAME_TAG: usize = 3;

/// The byte a scan compares first. (Adding the length to it measured
/// slower on the GitHub route set.)
#[inline]
fn tag(seg: &[u8]) -> u8 {
    seg.first().copied().unwrap_or(0)
}

impl<T> Node<T> {
    /// Rebuilds the hash table of static children when there are many.
    fn reindex(&mut self) {
        let mut per_tag = [0usize; 256];
        for &t in &self.static_tags {
            per_tag[usize::from(t)] += 1;
        }
        let same_tag = per_tag.iter().copied().max().unwrap_or(0);
        if self.static_keys.len() <= SCAN_MAX && same_tag <= SCAN_MAX_SAME_TAG {
            self.static_index = Box::new([]);
            return;
        }
        let size = (self.static_keys.len() * 2).next_power_of_two();
        let mut table = vec![0u32; size];
        for (i, key) in self.static_keys.iter().enumerate() {
            let mut slot = hash(key.as_bytes()) as usize & (size - 1);
            while table[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = u32::try_from(i + 1).expect("fewer than 4 billion children");
        }
        self.static_index = table.into_boxed_slice();
    }

    /// The static child whose text is the segment starting at `start`,
    /// and that segment's end when it was found on the way.
    #[inline]
    fn static_child_at(&self, path: &[u8], start: usize) -> (Option<&Node<T>>, Option<usize>) {
        if !self.static_index.is_empty() {
            let end = segment_end(path, start);
            return (self.static_child(&path[start..end]), Some(end));
        }
        let rest = &path[start..];
        let Some(&first) = rest.first() else {
            return (None, Some(start));
        };
        for (i, &t) in self.static_tags.iter().enumerate() {
            if t != first {
                continue;
            }
            let key = self.static_keys[i].as_bytes();
            if rest.len() >= key.len()
                && (rest.len() == key.len() || rest[key.len()] == b'/')
                && eq(&rest[..key.len()], key)
            {
                return (Some(&self.statics[i]), Some(start + key.len()));
            }
        }
        (None, None)
    }

    /// The static child whose text is `seg`.
    #[inline]
    fn static_child(&self, seg: &[u8]) -> Option<&Node<T>> {
        if !self.static_index.is_empty() {
            let mask = self.static_index.len() - 1;
            let mut slot = hash(seg) as usize & mask;
            loop {
                let i = self.static_index[slot] as usize;
                if i == 0 {
                    return None;
                }
                if eq(self.static_keys[i - 1].as_bytes(), seg) {
                    return Some(&self.statics[i - 1]);
                }
                slot = (slot + 1) & mask;
            }
        }
        let t = tag(seg);
        for (i, &u) in self.static_tags.iter().enumerate() {
            if u == t && eq(self.static_keys[i].as_bytes(), seg) {
                return Some(&self.statics[i]);
            }
        }
        None
    }
}

/// Byte equality with the short case inline (path segments are short;
/// a `memcmp` call costs more than comparing them).
#[inline]
fn eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut a8 = a.chunks_exact(8);
    let mut b8 = b.chunks_exact(8);
    for (x, y) in (&mut a8).zip(&mut b8) {
        let x = u64::from_le_bytes(x.try_into().expect("8 bytes"));
        let y = u64::from_le_bytes(y.try_into().expect("8 bytes"));
        if x != y {
            return false;
        }
    }
    a8.remainder()
        .iter()
        .zip(b8.remainder())
        .all(|(x, y)| x == y)
}

/// A fast, non-cryptographic hash of a path segment (the routes are the
/// application's own, so there is nothing to defend against). It reads
/// the first and last bytes with fixed-size loads, as small-input hashes
/// do, so its cost does not depend on the length.
#[inline]
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let len = bytes.len();
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("8 bytes"));
    let half = |b: &[u8]| u64::from(u32::from_le_bytes(b.try_into().expect("4 bytes")));
    let (a, b) = if len >= 8 {
        (word(&bytes[..8]), word(&bytes[len - 8..]))
    } else if len >= 4 {
        (half(&bytes[..4]), half(&bytes[len - 4..]))
    } else if len > 0 {
        let a = u64::from(bytes[0]) | (u64::from(bytes[len / 2]) << 8);
        (a, u64::from(bytes[len - 1]))
    } else {
        (0, 0)
    };
    // A folded 128-bit multiply mixes every input bit into the low bits.
    let m = u128::from(a ^ K) * u128::from(b ^ (len as u64) ^ K.rotate_left(32));
    (m as u64) ^ ((m >> 64) as u64)
}

/// Percent-decodes a path segment; `None` when the result is not UTF-8.
pub(crate) fn decode(raw: &str) -> Option<Cow<'_, str>> {
    if !raw.as_bytes().contains(&b'%') {
        return Some(Cow::Borrowed(raw));
    }
    percent_encoding::percent_decode_str(raw).decode_utf8().ok()
}

/// The path a request is matched against: one trailing slash removed.
#[inline]
pub(crate) fn match_path(path: &str) -> &str {
    if path.len() > 1 {
        path.strip_suffix('/').unwrap_or(path)
    } else if path == "/" {
        ""
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::super::pattern::Pattern;
    use super::*;

    fn tree(routes: &[&str]) -> Node<usize> {
        let mut node = Node::default();
        for (i, r) in routes.iter().enumerate() {
            node.insert(&Pattern::parse(r).unwrap().segments, i);
        }
        node
    }

    fn find(node: &Node<usize>, path: &str) -> Option<(usize, Vec<String>)> {
        let path = match_path(path);
        let mut caps = Captures::new();
        node.find(path.as_bytes(), 0, &mut caps).map(|&v| {
            let vals = caps
                .iter()
                .map(|&(s, e)| path[s as usize..e as usize].to_owned())
                .collect();
            (v, vals)
        })
    }

    #[test]
    fn backtracks_from_static_to_param() {
        let t = tree(&["/a/b/c", "/a/:x/d"]);
        assert_eq!(find(&t, "/a/b/d"), Some((1, vec!["b".into()])));
        assert_eq!(find(&t, "/a/b/c"), Some((0, vec![])));
    }

    #[test]
    #[cfg(feature = "regex")]
    fn regex_failure_backtracks_to_next_param() {
        let t = tree(&["/n/:id:[0-9]+", "/n/:name"]);
        assert_eq!(find(&t, "/n/42"), Some((0, vec!["42".into()])));
        assert_eq!(find(&t, "/n/bob"), Some((1, vec!["bob".into()])));
    }

    #[test]
    fn root_and_trailing_slash() {
        let t = tree(&["/", "/admin"]);
        assert_eq!(find(&t, "/"), Some((0, vec![])));
        assert_eq!(find(&t, "/admin/"), Some((1, vec![])));
        assert_eq!(find(&t, "/admin//"), None);
    }
}
