use serde_json::Value;
use std::fmt;

/// One step of a data path: `list[3].name` is `[Key("list"), Index(3), Key("name")]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSeg {
    Key(std::sync::Arc<str>),
    Index(usize),
}

/// A path into page data, as `setData` keys and template bindings write them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct DataPath(pub Vec<PathSeg>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// The key is empty, or has an empty segment (`a..b`).
    #[error("empty segment in data path `{0}`")]
    EmptySegment(String),
    /// `[` without a closing `]`, or a non-number between brackets.
    #[error("bad index in data path `{0}`")]
    BadIndex(String),
}

impl DataPath {
    pub fn key(name: &str) -> Self {
        DataPath(vec![PathSeg::Key(name.into())])
    }

    /// Parses a `setData` key: `a.b[1].c`, `list[3]`, `['x']` is not part of the platform's
    /// syntax, so brackets hold numbers only. A backslash escapes `.` and `[`.
    pub fn parse(text: &str) -> Result<Self, PathError> {
        let mut segs = Vec::new();
        let mut cur = String::new();
        let mut chars = text.chars().peekable();
        let mut after_index = false;
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        cur.push(n);
                    }
                }
                '.' => {
                    if cur.is_empty() && !after_index {
                        return Err(PathError::EmptySegment(text.to_string()));
                    }
                    if !cur.is_empty() {
                        segs.push(PathSeg::Key(std::mem::take(&mut cur).into()));
                    }
                    after_index = false;
                }
                '[' => {
                    if !cur.is_empty() {
                        segs.push(PathSeg::Key(std::mem::take(&mut cur).into()));
                    } else if segs.is_empty() {
                        return Err(PathError::EmptySegment(text.to_string()));
                    }
                    let mut num = String::new();
                    let mut closed = false;
                    for d in chars.by_ref() {
                        if d == ']' {
                            closed = true;
                            break;
                        }
                        num.push(d);
                    }
                    let idx: usize = match (closed, num.trim().parse()) {
                        (true, Ok(i)) => i,
                        _ => return Err(PathError::BadIndex(text.to_string())),
                    };
                    segs.push(PathSeg::Index(idx));
                    after_index = true;
                }
                _ => {
                    if after_index {
                        // `a[1]b` is not a path.
                        return Err(PathError::BadIndex(text.to_string()));
                    }
                    cur.push(c)
                }
            }
        }
        if !cur.is_empty() {
            segs.push(PathSeg::Key(cur.into()));
        } else if segs.is_empty() || (!after_index && text.ends_with('.')) {
            return Err(PathError::EmptySegment(text.to_string()));
        }
        Ok(DataPath(segs))
    }

    pub fn segments(&self) -> &[PathSeg] {
        &self.0
    }

    /// True when one path is a prefix of the other: a change at either touches the other.
    pub fn overlaps(&self, other: &DataPath) -> bool {
        self.0.iter().zip(other.0.iter()).all(|(a, b)| a == b)
    }

    /// Reads the value at this path, or `None` when a step is missing.
    pub fn get<'a>(&self, root: &'a Value) -> Option<&'a Value> {
        Self::get_at(&self.0, root)
    }

    /// Reads the value at the path made of `segs` (as [`DataPath::get`]), for a caller that
    /// walks part of a path without building it.
    pub fn get_at<'a>(segs: &[PathSeg], root: &'a Value) -> Option<&'a Value> {
        let mut v = root;
        for seg in segs {
            v = match (seg, v) {
                (PathSeg::Key(k), Value::Object(m)) => field(m, k)?,
                (PathSeg::Index(i), Value::Array(a)) => a.get(*i)?,
                (PathSeg::Key(k), Value::Array(a)) => a.get(k.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(v)
    }

    /// The value at this path, to change in place, or `None` when a step is missing.
    pub fn get_mut<'a>(&self, root: &'a mut Value) -> Option<&'a mut Value> {
        let mut v = root;
        for seg in &self.0 {
            v = match (seg, v) {
                (PathSeg::Key(k), Value::Object(m)) => m.get_mut(&**k)?,
                (PathSeg::Index(i), Value::Array(a)) => a.get_mut(*i)?,
                (PathSeg::Key(k), Value::Array(a)) => a.get_mut(k.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(v)
    }

    /// Writes `value` at this path the way `setData` does: missing objects are created,
    /// arrays grow (filled with null) when an index is past the end, and a non-container
    /// on the way is replaced by an object or array.
    pub fn set(&self, root: &mut Value, value: Value) {
        let mut v = root;
        for seg in &self.0 {
            v = match seg {
                PathSeg::Key(k) => {
                    if !v.is_object() {
                        *v = Value::Object(Default::default());
                    }
                    match v {
                        Value::Object(m) => {
                            // A key already there is not copied into a new string.
                            if !m.contains_key(&**k) {
                                m.insert(k.to_string(), Value::Null);
                            }
                            match m.get_mut(&**k) {
                                Some(v) => v,
                                None => unreachable!("just inserted"),
                            }
                        }
                        _ => unreachable!("just made an object"),
                    }
                }
                PathSeg::Index(i) => {
                    if !v.is_array() {
                        *v = Value::Array(Vec::new());
                    }
                    match v {
                        Value::Array(a) => {
                            if a.len() <= *i {
                                a.resize(*i + 1, Value::Null);
                            }
                            &mut a[*i]
                        }
                        _ => unreachable!("just made an array"),
                    }
                }
            };
        }
        *v = value;
    }
}

impl fmt::Display for DataPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                PathSeg::Key(k) if i == 0 => write!(f, "{k}")?,
                PathSeg::Key(k) => write!(f, ".{k}")?,
                PathSeg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// One `setData` key after parsing, with its new value.
#[derive(Debug, Clone, PartialEq)]
pub struct DataPatch {
    pub path: DataPath,
    pub value: Value,
}

impl DataPatch {
    pub fn apply(&self, root: &mut Value) {
        self.path.set(root, self.value.clone());
    }
}

/// Paths are data keys and indices, not attacker-chosen hash keys: FxHash, not SipHash.
type PathSet<'a> = std::collections::HashSet<&'a [PathSeg], rustc_hash::FxBuildHasher>;

/// The paths one batch of patches changed, indexed so that asking whether a binding's path
/// meets any of them costs a few hash lookups, not a scan of the batch (a batch that updates
/// every tenth row of 10,000 holds 1,000 paths).
#[derive(Debug, Default)]
pub struct ChangeSet<'a> {
    /// The changed paths.
    changed: PathSet<'a>,
    /// Every prefix of a changed path, the path itself included.
    prefixes: PathSet<'a>,
    /// The parent of each changed path (the path less its last step).
    parents: PathSet<'a>,
}

impl<'a> ChangeSet<'a> {
    pub fn new(paths: impl IntoIterator<Item = &'a DataPath>) -> ChangeSet<'a> {
        let mut set = ChangeSet::default();
        for p in paths {
            let segs = p.0.as_slice();
            set.changed.insert(segs);
            for n in 1..=segs.len() {
                set.prefixes.insert(&segs[..n]);
            }
            if let Some((_, parent)) = segs.split_last() {
                set.parents.insert(parent);
            }
        }
        set
    }

    /// Whether `path` overlaps a changed path (one is a prefix of the other):
    /// `DataPath::overlaps` against every path of the set.
    pub fn overlaps(&self, path: &DataPath) -> bool {
        let segs = path.0.as_slice();
        self.prefixes.contains(segs) || (1..=segs.len()).any(|n| self.changed.contains(&segs[..n]))
    }

    /// The items of the list at `list` that the batch wrote as a whole (`list[3]`), when it
    /// wrote nothing at the list or above it (`None` then). Deeper writes are not listed.
    pub fn item_writes(&self, list: &DataPath) -> Option<Vec<usize>> {
        let segs = list.0.as_slice();
        if (1..=segs.len()).any(|n| self.changed.contains(&segs[..n])) {
            return None;
        }
        let mut items: Vec<usize> = self
            .changed
            .iter()
            .filter_map(|c| match c.split_last() {
                Some((PathSeg::Index(i), parent)) if parent == segs => Some(*i),
                _ => None,
            })
            .collect();
        items.sort_unstable();
        Some(items)
    }

    /// Whether a list at `list` must be rebuilt: a changed path is the list, an ancestor of
    /// it, or one of its items (`list[3]`). Deeper changes (`list[3].name`) are for the
    /// items' own bindings.
    pub fn touches_list(&self, list: &DataPath) -> bool {
        let segs = list.0.as_slice();
        self.parents.contains(segs) || (1..=segs.len()).any(|n| self.changed.contains(&segs[..n]))
    }
}

/// Objects with at most this many fields are searched in order rather than through their
/// index (see [`field`]).
const SCANNED_FIELDS: usize = 8;

/// The field `key` of `object`. Page data is mostly small objects (a list item's `id` and
/// `label`): comparing a few names is cheaper than hashing the key with the map's SipHash,
/// and bindings read such fields for every row built.
pub fn field<'a>(object: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a Value> {
    if object.len() <= SCANNED_FIELDS {
        object
            .iter()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, v)| v)
    } else {
        object.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_reads_small_and_large_objects_alike() {
        let small = json!({"id": 1, "label": "a"});
        let large: serde_json::Map<String, Value> =
            (0..20).map(|i| (format!("k{i}"), json!(i))).collect();
        let small = small.as_object().expect("object");
        assert_eq!(field(small, "label"), Some(&json!("a")));
        assert_eq!(field(small, "missing"), None);
        assert_eq!(field(&large, "k17"), Some(&json!(17)));
        assert_eq!(field(&large, "k20"), None);
    }

    #[test]
    fn parses_paths() {
        let p = DataPath::parse("a.b[1].c").expect("valid");
        assert_eq!(
            p.0,
            vec![
                PathSeg::Key("a".into()),
                PathSeg::Key("b".into()),
                PathSeg::Index(1),
                PathSeg::Key("c".into())
            ]
        );
        assert_eq!(p.to_string(), "a.b[1].c");
        assert_eq!(
            DataPath::parse("list[3]").expect("valid").to_string(),
            "list[3]"
        );
        assert_eq!(DataPath::parse("m[0][2]").expect("valid").0.len(), 3);
        assert_eq!(
            DataPath::parse("a\\.b").expect("valid").0,
            vec![PathSeg::Key("a.b".into())]
        );
    }

    #[test]
    fn rejects_bad_paths() {
        assert!(DataPath::parse("").is_err());
        assert!(DataPath::parse("a..b").is_err());
        assert!(DataPath::parse("a[x]").is_err());
        assert!(DataPath::parse("a[1").is_err());
        assert!(DataPath::parse("[1]").is_err());
        assert!(DataPath::parse("a.").is_err());
    }

    #[test]
    fn set_creates_and_grows() {
        let mut v = json!({"list": [1]});
        DataPath::parse("list[3]")
            .expect("valid")
            .set(&mut v, json!(4));
        DataPath::parse("a.b.c")
            .expect("valid")
            .set(&mut v, json!("x"));
        assert_eq!(
            v,
            json!({"list": [1, null, null, 4], "a": {"b": {"c": "x"}}})
        );
        assert_eq!(
            DataPath::parse("a.b").expect("valid").get(&v),
            Some(&json!({"c": "x"}))
        );
        assert_eq!(DataPath::parse("a.z.q").expect("valid").get(&v), None);
    }

    #[test]
    fn change_set_agrees_with_overlaps() {
        let p = |t: &str| DataPath::parse(t).expect("path");
        let changed = [p("list[3].name"), p("title"), p("a.b")];
        let set = ChangeSet::new(changed.iter());
        for probe in [
            "list",
            "list[3]",
            "list[3].name",
            "list[3].name.x",
            "list[4]",
            "title",
            "title.x",
            "tit",
            "a",
            "a.b",
            "a.b.c",
            "a.c",
            "b",
        ] {
            let probe = p(probe);
            assert_eq!(
                set.overlaps(&probe),
                changed.iter().any(|c| probe.overlaps(c)),
                "{probe}"
            );
        }
        // A list is rebuilt for itself, an ancestor or one of its items, not for deeper paths.
        assert!(
            !set.touches_list(&p("list")),
            "list[3].name is the item's business"
        );
        assert!(ChangeSet::new([p("list[3]")].iter()).touches_list(&p("list")));
        assert!(ChangeSet::new([p("list")].iter()).touches_list(&p("list")));
        assert!(ChangeSet::new([p("data")].iter()).touches_list(&p("data.list")));
        assert!(!ChangeSet::new([p("other")].iter()).touches_list(&p("list")));
    }

    #[test]
    fn overlap_is_prefix_either_way() {
        let a = DataPath::parse("a.b").expect("valid");
        assert!(a.overlaps(&DataPath::parse("a").expect("valid")));
        assert!(a.overlaps(&DataPath::parse("a.b.c").expect("valid")));
        assert!(!a.overlaps(&DataPath::parse("a.c").expect("valid")));
    }
}
