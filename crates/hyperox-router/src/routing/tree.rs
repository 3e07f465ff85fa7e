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
    static_first: Vec<u8>,
    statics: Vec<(Box<str>, Node<T>)>,
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
            static_first: Vec::new(),
            statics: Vec::new(),
            params: Vec::new(),
            catch_all: None,
            value: None,
        }
    }
}

impl<T> Node<T> {
    /// Adds a route; when one already ends at the same place, the first
    /// registered keeps it.
    pub(crate) fn insert(&mut self, segments: &[Segment], value: T) {
        let Some((first, rest)) = segments.split_first() else {
            self.value.get_or_insert(value);
            return;
        };
        match first {
            Segment::Static(text) => {
                let child = match self.statics.iter().position(|(t, _)| t == text) {
                    Some(i) => &mut self.statics[i].1,
                    None => {
                        self.static_first.push(text.as_bytes()[0]);
                        self.statics.push((text.clone(), Node::default()));
                        &mut self.statics.last_mut().expect("just pushed").1
                    }
                };
                child.insert(rest, value);
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
                edge.node.insert(rest, value);
            }
            Segment::CatchAll => {
                self.catch_all.get_or_insert(value);
            }
        }
    }

    /// Finds the route for `path`, which is either empty or starts at a
    /// `/` at `pos`, pushing param ranges onto `caps`.
    #[inline]
    pub(crate) fn find<'n>(&'n self, path: &str, pos: usize, caps: &mut Captures) -> Option<&'n T> {
        let bytes = path.as_bytes();
        if pos >= bytes.len() {
            return self.value.as_ref();
        }
        let start = pos + 1;
        let end = match bytes[start..].iter().position(|&b| b == b'/') {
            Some(i) => start + i,
            None => bytes.len(),
        };
        let seg = &path[start..end];
        if let Some(&b) = seg.as_bytes().first() {
            for (i, &first) in self.static_first.iter().enumerate() {
                if first == b {
                    let (text, child) = &self.statics[i];
                    if &**text == seg {
                        if let Some(v) = child.find(path, end, caps) {
                            return Some(v);
                        }
                        break;
                    }
                }
            }
        }
        for edge in &self.params {
            if let Some(re) = &edge.regex {
                let ok = match decode(seg) {
                    Some(text) => re.regex.is_match(&text),
                    None => false,
                };
                if !ok {
                    continue;
                }
            }
            caps.push((start as u32, end as u32));
            if let Some(v) = edge.node.find(path, end, caps) {
                return Some(v);
            }
            caps.pop();
        }
        if let Some(v) = &self.catch_all {
            caps.push((start as u32, bytes.len() as u32));
            return Some(v);
        }
        None
    }
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
        node.find(path, 0, &mut caps).map(|&v| {
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
