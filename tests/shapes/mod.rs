//! Pathological Markdown: the seventeen shapes of the CommonMark reference implementation's
//! `test/pathological_tests.py`, at the sizes it uses, and eight of briefdesk's own (dates for
//! the checks to read in every sentence and in every paragraph, a 10 MB paragraph, a 1 MB
//! word, 10 000 footnotes, a 1 000-column table, 100 000 chained footnotes, 100 000 one-line
//! sections). Each is a function of a
//! size `n`, so the same shape can be tried at N, 2N and 4N to see how time grows.
//!
//! Shared by `tests/pathological.rs` (bounded sizes, in CI) and `benches/pathological.rs`
//! (full sizes, release, timed).
#![allow(dead_code)]

/// One shape of hostile input.
pub struct Shape {
    /// What cmark's suite (or briefdesk's) calls it.
    pub name: &'static str,
    /// The size the reference suite uses.
    pub full: usize,
    /// The body at size `n`.
    pub make: fn(usize) -> String,
}

impl Shape {
    /// The body at size `n`.
    pub fn at(&self, n: usize) -> String {
        (self.make)(n)
    }
}

pub const SHAPES: &[Shape] = &[
    Shape {
        name: "nested strong emph",
        full: 65_000,
        make: |n| format!("{}b{}", "*a **a ".repeat(n), " a** a*".repeat(n)),
    },
    Shape {
        name: "many emph closers with no openers",
        full: 65_000,
        make: |n| "a_ ".repeat(n),
    },
    Shape {
        name: "many emph openers with no closers",
        full: 65_000,
        make: |n| "_a ".repeat(n),
    },
    Shape {
        name: "many link closers with no openers",
        full: 65_000,
        make: |n| "a]".repeat(n),
    },
    Shape {
        name: "many link openers with no closers",
        full: 65_000,
        make: |n| "[a".repeat(n),
    },
    Shape {
        name: "mismatched openers and closers",
        full: 50_000,
        make: |n| "*a_ ".repeat(n),
    },
    Shape {
        name: "openers and closers multiple of 3",
        full: 50_000,
        make: |n| format!("a**b{}", "c* ".repeat(n)),
    },
    Shape {
        name: "link openers and emph closers",
        full: 50_000,
        make: |n| "[ a_".repeat(n),
    },
    Shape {
        // One line in the reference suite; repeated here so it can be scaled.
        name: "hard link/emph case",
        full: 40_000,
        make: |n| "**x [a*b**c*](d)\n".repeat(n),
    },
    Shape {
        name: "nested brackets",
        full: 50_000,
        make: |n| format!("{}a{}", "[".repeat(n), "]".repeat(n)),
    },
    Shape {
        name: "nested block quotes",
        full: 50_000,
        make: |n| format!("{}a", "> ".repeat(n)),
    },
    Shape {
        name: "deeply nested lists",
        full: 1_000,
        make: |n| (0..n).map(|x| format!("{}* a\n", "  ".repeat(x))).collect(),
    },
    Shape {
        // Two NULs in the reference suite; repeated here so it can be scaled.
        name: "U+0000 in input",
        full: 10_000,
        make: |n| "abc\u{0}de\u{0}".repeat(n),
    },
    Shape {
        name: "backticks",
        full: 10_000,
        make: |n| (1..n).map(|x| format!("e{}", "`".repeat(x))).collect(),
    },
    Shape {
        name: "unclosed links A",
        full: 50_000,
        make: |n| "[a](<b".repeat(n),
    },
    Shape {
        name: "unclosed links B",
        full: 50_000,
        make: |n| "[a](b".repeat(n),
    },
    Shape {
        name: "many references",
        full: 50_000,
        make: |n| {
            let mut text: String = (1..n * 16).map(|x| format!("[{x}]: u\n")).collect();
            text.push_str(&"[0] ".repeat(n));
            text
        },
    },
    Shape {
        // briefdesk's own: what its date checks read.
        name: "a date in every sentence",
        full: 20_000,
        make: |n| {
            (0..n)
                .map(|i| format!("On {} July 2022 the attack began. ", 1 + i % 28))
                .collect()
        },
    },
    Shape {
        name: "a date in every paragraph",
        full: 20_000,
        make: |n| {
            (0..n)
                .map(|i| {
                    format!(
                        "Relations were severed on {} September 2022.\n\n",
                        1 + i % 30
                    )
                })
                .collect()
        },
    },
    Shape {
        name: "10 MB single paragraph",
        full: 10_000_000,
        make: |n| {
            let sentence = "Albania cut ties with Iran after the attack on its services. ";
            let mut text = sentence.repeat(n / sentence.len() + 1);
            text.truncate(n);
            text
        },
    },
    Shape {
        name: "1 MB word",
        full: 1_000_000,
        make: |n| format!("Before {} after.", "a".repeat(n)),
    },
    Shape {
        name: "10 000 footnotes",
        full: 10_000,
        make: |n| {
            let mut text: String = (0..n).map(|i| format!("Claim {i}.[^f{i}] ")).collect();
            text.push_str("\n\n");
            for i in 0..n {
                text.push_str(&format!("[^f{i}]: Note {i}.\n"));
            }
            text
        },
    },
    Shape {
        name: "1 000-column table",
        full: 1_000,
        make: |n| {
            let row = |cell: &str| format!("|{}\n", format!(" {cell} |").repeat(n));
            format!("{}{}{}", row("h"), row("---"), row("c").repeat(3))
        },
    },
    Shape {
        // Each note cites the next: the chain nests as deep as it is long.
        name: "100 000 chained footnotes",
        full: 100_000,
        make: |n| {
            let mut text = String::from("Start.[^c0]\n\n");
            for i in 0..n {
                if i + 1 < n {
                    text.push_str(&format!("[^c{i}]: Note {i}, see[^c{}].\n", i + 1));
                } else {
                    text.push_str(&format!("[^c{i}]: Note {i}.\n"));
                }
            }
            text
        },
    },
    Shape {
        // One section per line: the sections are parted by U+001E (see `sections`).
        name: "100 000 one-line sections",
        full: 100_000,
        make: |n| {
            (0..n)
                .map(|i| format!("Section {i} says one thing on {} July.", 1 + i % 28))
                .collect::<Vec<_>>()
                .join("\u{1e}")
        },
    },
];

/// The sections a shape's text stands for: parted at U+001E (the one-line sections shape),
/// else the whole text as one.
pub fn sections(body: &str) -> Vec<String> {
    body.split('\u{1e}').map(str::to_owned).collect()
}
