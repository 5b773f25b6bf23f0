//! YAML text → a tree of mappings, lists and scalars, each knowing where it starts.
//!
//! The tree is built straight from the events of yaml-rust2's parser (YAML 1.2: `no:` is a
//! key, and nothing is coerced here: a scalar stays text, with a note of whether it was
//! quoted). A record has a dozen keys, so a mapping is a list of entries searched in order,
//! not a hash map: reading records spends its time in the YAML scanner, not in hashing and
//! cloning keys.
//!
//! Only what a record may hold is accepted: the top level is a mapping, keys are scalars and
//! unique, and there are no anchors, aliases or tags. The first such problem is reported.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

/// Where a node starts: line and column from 1, the column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub line: u32,
    pub column: u32,
}

impl Mark {
    pub const START: Mark = Mark { line: 1, column: 1 };

    fn of(marker: &Marker) -> Mark {
        Mark {
            line: marker.line() as u32,
            column: marker.col() as u32 + 1,
        }
    }
}

#[derive(Debug)]
pub struct Scalar {
    pub text: String,
    pub at: Mark,
    /// Written without quotes: only a plain scalar can be a number, a boolean or null.
    pub plain: bool,
}

#[derive(Debug)]
pub struct Mapping {
    pub at: Mark,
    /// In the order written; keys are unique.
    pub entries: Vec<(Scalar, Node)>,
}

#[derive(Debug)]
pub struct Sequence {
    pub at: Mark,
    pub items: Vec<Node>,
}

#[derive(Debug)]
pub enum Node {
    Scalar(Scalar),
    Mapping(Mapping),
    Sequence(Sequence),
}

impl Node {
    pub fn at(&self) -> Mark {
        match self {
            Node::Scalar(s) => s.at,
            Node::Mapping(m) => m.at,
            Node::Sequence(s) => s.at,
        }
    }

    pub fn as_mapping(&self) -> Option<&Mapping> {
        match self {
            Node::Mapping(m) => Some(m),
            _ => None,
        }
    }
}

impl Mapping {
    /// The mapping of an empty document.
    pub fn empty() -> Mapping {
        Mapping {
            at: Mark::START,
            entries: Vec::new(),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.text == key)
            .map(|(_, value)| value)
    }

    pub fn keys(&self) -> impl Iterator<Item = &Scalar> {
        self.entries.iter().map(|(key, _)| key)
    }
}

/// Why a YAML text is not a record.
#[derive(Debug)]
pub enum Problem {
    /// The top level is a list or a single value.
    NotAMapping(Mark),
    /// `&anchor` or `*alias`.
    Anchor(Mark),
    /// A list or a mapping used as a key.
    KeyNotScalar(Mark),
    /// `!tag`.
    Tag(Mark),
    /// A key written twice in one mapping: where it is first, and again.
    Duplicate { key: String, first: Mark, at: Mark },
    /// The text is not YAML.
    Syntax(Mark, ScanError),
}

/// Parses the first document of `text`. A text without a document is an empty mapping.
pub fn parse(text: &str) -> Result<Node, Problem> {
    let mut builder = Builder {
        stack: Vec::new(),
        root: None,
        problem: None,
    };
    let mut parser = Parser::new_from_str(text);
    // A syntax error ends the parse wherever it is found, even after a problem of the tree
    // (which only stops the tree from being built): it is what the clerk must mend first.
    parser
        .load(&mut builder, false)
        .map_err(|error| Problem::Syntax(Mark::of(error.marker()), error))?;
    if let Some(problem) = builder.problem {
        return Err(problem);
    }
    Ok(builder
        .root
        .unwrap_or_else(|| Node::Mapping(Mapping::empty())))
}

/// A mapping or list whose end has not been read yet.
enum Open {
    /// With the key read whose value is still to come.
    Mapping(Mapping, Option<Scalar>),
    Sequence(Sequence),
}

struct Builder {
    stack: Vec<Open>,
    root: Option<Node>,
    problem: Option<Problem>,
}

impl Builder {
    fn event(&mut self, event: Event, at: Mark) -> Result<(), Problem> {
        match event {
            Event::Alias(_) => Err(Problem::Anchor(at)),
            Event::Scalar(_, _, anchor, _)
            | Event::SequenceStart(anchor, _)
            | Event::MappingStart(anchor, _)
                if anchor != 0 =>
            {
                Err(Problem::Anchor(at))
            }
            Event::Scalar(_, _, _, Some(_))
            | Event::SequenceStart(_, Some(_))
            | Event::MappingStart(_, Some(_)) => Err(Problem::Tag(at)),
            Event::Scalar(text, style, _, None) => {
                let scalar = Scalar {
                    text,
                    at,
                    plain: matches!(style, TScalarStyle::Plain),
                };
                if let Some(Open::Mapping(map, key @ None)) = self.stack.last_mut() {
                    if let Some((first, _)) =
                        map.entries.iter().find(|(k, _)| k.text == scalar.text)
                    {
                        return Err(Problem::Duplicate {
                            key: scalar.text,
                            first: first.at,
                            at,
                        });
                    }
                    *key = Some(scalar);
                    return Ok(());
                }
                self.close(Node::Scalar(scalar))
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                match self.stack.last() {
                    Some(Open::Mapping(_, None)) => return Err(Problem::KeyNotScalar(at)),
                    None if !matches!(event, Event::MappingStart(..)) => {
                        return Err(Problem::NotAMapping(at));
                    }
                    _ => {}
                }
                self.stack.push(match event {
                    Event::MappingStart(..) => Open::Mapping(
                        Mapping {
                            at,
                            entries: Vec::new(),
                        },
                        None,
                    ),
                    _ => Open::Sequence(Sequence {
                        at,
                        items: Vec::new(),
                    }),
                });
                Ok(())
            }
            Event::MappingEnd | Event::SequenceEnd => match self.stack.pop() {
                Some(Open::Mapping(map, _)) => self.close(Node::Mapping(map)),
                Some(Open::Sequence(seq)) => self.close(Node::Sequence(seq)),
                None => Ok(()),
            },
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => Ok(()),
        }
    }

    /// A complete value: into the open mapping or list, or the document's root.
    fn close(&mut self, node: Node) -> Result<(), Problem> {
        match self.stack.last_mut() {
            Some(Open::Sequence(seq)) => seq.items.push(node),
            Some(Open::Mapping(map, key)) => match key.take() {
                Some(key) => map.entries.push((key, node)),
                // Keys are scalars, taken before this point; a collection as a key was
                // refused at its start.
                None => return Err(Problem::KeyNotScalar(node.at())),
            },
            None => match node {
                Node::Mapping(_) => self.root = Some(node),
                other => return Err(Problem::NotAMapping(other.at())),
            },
        }
        Ok(())
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, marker: Marker) {
        if self.problem.is_some() {
            return;
        }
        if let Err(problem) = self.event(event, Mark::of(&marker)) {
            self.problem = Some(problem);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(node: &Node) -> (&str, Mark, bool) {
        match node {
            Node::Scalar(s) => (s.text.as_str(), s.at, s.plain),
            other => panic!("not a scalar: {other:?}"),
        }
    }

    #[test]
    fn a_record_with_its_positions() {
        let root = parse("name: 韦明\nterm: \"14\"\nopinions:\n  - no: 1\n    summary: 修路\n")
            .expect("a record");
        let map = root.as_mapping().expect("a mapping");
        assert_eq!(
            map.keys().map(|k| k.text.as_str()).collect::<Vec<_>>(),
            ["name", "term", "opinions"]
        );
        assert_eq!(
            scalar(map.get("name").unwrap()),
            ("韦明", Mark { line: 1, column: 7 }, true)
        );
        assert_eq!(
            scalar(map.get("term").unwrap()),
            ("14", Mark { line: 2, column: 7 }, false)
        );
        let Some(Node::Sequence(opinions)) = map.get("opinions") else {
            panic!("a list")
        };
        let first = opinions.items[0]
            .as_mapping()
            .expect("a mapping in the list");
        assert_eq!(
            first.keys().next().map(|k| k.at),
            Some(Mark { line: 4, column: 5 })
        );
        assert_eq!(
            scalar(first.get("summary").unwrap()),
            (
                "修路",
                Mark {
                    line: 5,
                    column: 14
                },
                true
            )
        );
        assert!(map.get("missing").is_none());
    }

    #[test]
    fn what_a_record_may_not_hold() {
        let problem = |text: &str| parse(text).expect_err(text);
        assert!(matches!(
            problem("- a\n"),
            Problem::NotAMapping(Mark { line: 1, column: 1 })
        ));
        assert!(matches!(problem("just text\n"), Problem::NotAMapping(_)));
        assert!(matches!(
            problem("a: &x 1\nb: *x\n"),
            Problem::Anchor(Mark { line: 1, column: 7 })
        ));
        assert!(matches!(problem("a: !!str 1\n"), Problem::Tag(_)));
        assert!(matches!(problem("? [a]\n: b\n"), Problem::KeyNotScalar(_)));
        match problem("a: 1\nb: 2\na: 3\n") {
            Problem::Duplicate { key, first, at } => {
                assert_eq!((key.as_str(), first.line, at.line), ("a", 1, 3));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(problem("a: [1, 2\n"), Problem::Syntax(..)));
        assert!(
            parse("")
                .unwrap()
                .as_mapping()
                .is_some_and(|m| m.entries.is_empty())
        );
    }
}
