//! The name of the table column a value fills: a CSV, TSV or semicolon export, a
//! Markdown or box-drawn table. Bare digits say nothing of what they are; the header
//! above them often does (`Referens`, `Order_No`, `Telefono`). The header is the top
//! line of the block of rows the value's row belongs to: consecutive lines with as many
//! cells (rule lines such as `|:--|` or `├──┼──┤` aside), at least three of them.
//!
//! Cost stays linear in the text: a row is at most [`MAX_ROW`] bytes, and the block
//! found for each delimiter is remembered ([`Tables`]) and extended as the scan moves
//! down, so the rows above are not read again for each cell.

/// Cell delimiters, as bytes (`│` is the box-drawing bar of `psql` and `rich` tables).
const DELIMITERS: [&[u8]; 5] = [b",", b";", b"\t", b"|", "│".as_bytes()];

/// The longest line read as a table row: a longer one is not a row, and ends a block.
const MAX_ROW: usize = 1024;

/// Cells a row has at least (a two-cell line is as often prose with a comma) and at
/// most.
const MIN_CELLS: usize = 3;
const MAX_CELLS: usize = 64;

/// The longest header cell read as a column's name.
const MAX_NAME: usize = 48;

/// A block of rows found for one delimiter: where its header line is, and how far
/// down its rows have been read.
#[derive(Clone, Copy)]
struct Block {
    cells: usize,
    /// The header line's byte range, if the block's top line names its columns.
    header: Option<(usize, usize)>,
    /// The start of the block's top line.
    top: usize,
    /// The end of the last line read as one of its rows.
    read_to: usize,
}

/// The blocks found so far in one text, one per delimiter: the scanner keeps this
/// across the candidates of a text.
#[derive(Default)]
pub(in super::super) struct Tables {
    blocks: [Option<Block>; DELIMITERS.len()],
}

/// The header of the column whose cell is `b[s..e]` (quotes and padding aside), if the
/// value is a whole cell of a row in a block whose top line names its columns.
pub(super) fn header<'a>(b: &'a [u8], s: usize, e: usize, tables: &mut Tables) -> Option<&'a [u8]> {
    // The cheap test first: a delimiter or a line's edge on both sides (a delimiter has
    // no line break, so what it finds on the whole text is what it would find on the
    // row).
    let d = edges(b, s, e)?;
    let (ls, le) = line_around(b, s, e)?;
    let row = &b[ls..le];
    let k = DELIMITERS.iter().position(|x| *x == d)?;
    let (col, n) = cell_of(row, d, s - ls)?;
    if !(MIN_CELLS..=MAX_CELLS).contains(&n) {
        return None;
    }
    let block = match tables.blocks[k] {
        Some(bl) if bl.cells == n && bl.top < ls && extends(b, d, n, bl.read_to, ls) => bl,
        _ => find(b, d, n, ls),
    };
    tables.blocks[k] = Some(Block {
        read_to: le.max(block.read_to),
        ..block
    });
    let (hs, he) = block.header?;
    let line = &b[hs..he];
    let (a, z) = cells(line, d).nth(col)?;
    let name = trim(&line[a..z]);
    (name.len() <= MAX_NAME && name.iter().any(|c| c.is_ascii_alphabetic() || *c >= 0x80))
        .then_some(name)
}

/// The line holding `b[s..e]`, if it is at most [`MAX_ROW`] bytes.
fn line_around(b: &[u8], s: usize, e: usize) -> Option<(usize, usize)> {
    let from = s.saturating_sub(MAX_ROW);
    let ls = match memchr::memrchr(b'\n', &b[from..s]) {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return None,
    };
    let to = b.len().min(ls + MAX_ROW + 1);
    let le = match memchr::memchr(b'\n', &b[e.min(to)..to]) {
        Some(i) => e.min(to) + i,
        None if to == b.len() => to,
        None => return None,
    };
    Some((ls, le))
}

/// What a line is to a block of `n`-cell rows split at `d`.
enum Line {
    Row,
    /// A rule between rows (`|:--|:--|`, `├───┼───┤`, `+---+---+`): punctuation with a
    /// dash, `=`, `+` or a box-drawing character (an empty spreadsheet row, `,,`, is
    /// not one: it ends a block).
    Rule,
    /// Anything else (a blank line, prose, another table, an over-long line) ends it.
    Other,
}

fn kind(line: &[u8], d: &[u8], n: usize) -> Line {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.len() > MAX_ROW || line.iter().all(u8::is_ascii_whitespace) {
        Line::Other
    } else if cells(line, d).count() == n {
        Line::Row
    } else if !line.iter().any(u8::is_ascii_alphanumeric)
        && line
            .iter()
            .any(|c| matches!(c, b'-' | b'=' | b'+') || *c >= 0x80)
    {
        Line::Rule
    } else {
        Line::Other
    }
}

/// Whether every line from `from` (the end of a line already read, or 0) up to the
/// line starting at `to` is a row or a rule of the block.
fn extends(b: &[u8], d: &[u8], n: usize, from: usize, to: usize) -> bool {
    let mut at = if from == 0 { 0 } else { from + 1 };
    while at < to {
        let end = memchr::memchr(b'\n', &b[at..to]).map_or(to, |i| at + i);
        match kind(&b[at..end], d, n) {
            Line::Other => return false,
            // A second header starts a table of its own (stacked `mysql -t` output).
            Line::Row if names(&b[at..end], d) => return false,
            _ => {}
        }
        at = end + 1;
    }
    true
}

/// The block of the row starting at `ls`: walks up while the lines are rows or rules.
/// Its top line is the header when it is not the value's own row.
fn find(b: &[u8], d: &[u8], n: usize, ls: usize) -> Block {
    let mut top = ls;
    let mut at = ls;
    while at > 0 {
        let end = at - 1;
        let start = memchr::memrchr(b'\n', &b[end.saturating_sub(MAX_ROW + 1)..end])
            .map_or(end.saturating_sub(MAX_ROW + 1), |i| {
                end.saturating_sub(MAX_ROW + 1) + i + 1
            });
        if end - start > MAX_ROW || (start > 0 && b[start - 1] != b'\n') {
            break;
        }
        match kind(&b[start..end], d, n) {
            Line::Row => {
                top = start;
                // The nearest line that names its columns is the header; a line above
                // it belongs to something else (a title, another table).
                if names(&b[start..end], d) {
                    break;
                }
            }
            Line::Rule => {}
            Line::Other => break,
        }
        at = start;
    }
    let header = (top < ls).then(|| {
        let end = memchr::memchr(b'\n', &b[top..ls]).map_or(ls, |i| top + i);
        (top, end)
    });
    Block {
        cells: n,
        header,
        top,
        read_to: ls,
    }
}

/// Whether every cell of `line` that is not blank has a letter (and one is not blank):
/// it names columns rather than holding values.
fn names(line: &[u8], d: &[u8]) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut filled = cells(line, d)
        .map(|(a, z)| trim(&line[a..z]))
        .filter(|c| !c.is_empty())
        .peekable();
    filled.peek().is_some()
        && filled.all(|c| c.iter().any(|x| x.is_ascii_alphabetic() || *x >= 0x80))
}

/// The delimiter around the cell `row[l..r]`: the one just before it or just after it
/// (padding and quotes aside), if the other side is a delimiter too or the row's edge
/// (the end of `row`, or a line break).
fn edges(row: &[u8], l: usize, r: usize) -> Option<&'static [u8]> {
    let pad = |c: &u8| matches!(c, b' ' | b'"' | b'\'');
    let l = row[..l].iter().rposition(|c| !pad(c)).map_or(0, |i| i + 1);
    let r = row[r..]
        .iter()
        .position(|c| !pad(c) && *c != b'\r')
        .map_or(row.len(), |i| r + i);
    let before = DELIMITERS.into_iter().find(|d| row[..l].ends_with(d));
    let after = DELIMITERS.into_iter().find(|d| row[r..].starts_with(d));
    let starts = l == 0 || row[l - 1] == b'\n';
    let ends = r == row.len() || row[r] == b'\n';
    match (before, after) {
        (Some(x), Some(y)) if x == y => Some(x),
        (Some(x), None) if ends => Some(x),
        (None, Some(y)) if starts => Some(y),
        _ => None,
    }
}

/// The index of the cell holding byte `at` of `row`, and the row's number of cells.
fn cell_of(row: &[u8], d: &[u8], at: usize) -> Option<(usize, usize)> {
    let mut col = None;
    let mut n = 0;
    for (i, (a, z)) in cells(row, d).enumerate() {
        if (a..=z).contains(&at) {
            col = Some(i);
        }
        n += 1;
    }
    Some((col?, n))
}

/// The cells of `line` split at `d`, as byte ranges; a `"`-quoted stretch (CSV) does
/// not split.
fn cells<'a>(line: &'a [u8], d: &'a [u8]) -> impl Iterator<Item = (usize, usize)> + 'a {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut at = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let start = at;
        let mut quoted = false;
        while at < line.len() {
            if line[at] == b'"' {
                quoted = !quoted;
            } else if !quoted && line[at..].starts_with(d) {
                let cell = (start, at);
                at += d.len();
                return Some(cell);
            }
            at += 1;
        }
        done = true;
        Some((start, at))
    })
}

/// A cell's text without padding and quotes.
fn trim(cell: &[u8]) -> &[u8] {
    let pad = |c: &u8| matches!(c, b' ' | b'"' | b'\'' | b'\t');
    let a = cell.iter().position(|c| !pad(c)).unwrap_or(cell.len());
    let z = cell.iter().rposition(|c| !pad(c)).map_or(a, |i| i + 1);
    &cell[a..z]
}

#[cfg(test)]
mod tests {
    use super::{header, Tables};

    fn of<'a>(text: &'a str, value: &str) -> Option<&'a str> {
        let s = text.rfind(value).expect("value in text");
        header(text.as_bytes(), s, s + value.len(), &mut Tables::default())
            .map(|h| std::str::from_utf8(h).unwrap())
    }

    #[test]
    fn a_cell_is_named_by_the_same_field_of_its_blocks_top_line() {
        let csv = "id,name,phone\n9,Ana,4155552671\n";
        assert_eq!(of(csv, "4155552671"), Some("phone"));
        assert_eq!(of(csv, "9"), Some("id"));
        let sv = "Datum;Text;Referens;Belopp\n2026-10-26;Swish Linnéa;8422741230;-7 762,50\n";
        assert_eq!(of(sv, "8422741230"), Some("Referens"));
        let md = "## Export\n\n| ID | Cliente | Telefono |\n|:--|:--|:--|\n| 1 | Rui | 917092298 |";
        assert_eq!(of(md, "917092298"), Some("Telefono"));
        let boxed = "│ id    │ Order_No       │ x │\n├───┼───┼───┤\n│ 37112 │ 6362948243     │ y │";
        assert_eq!(of(boxed, "6362948243"), Some("Order_No"));
        let quoted = "id,amount,phone\n1,\"€ 13.335,73\",\"4155552671\"\n";
        assert_eq!(
            of(quoted, "4155552671"),
            Some("phone"),
            "a quoted comma does not split"
        );
        // The nearest block: a second table below a first one.
        let two = "| a | Order | b |\n| 1 | 2 | 3 |\n\n| a | Phone | b |\n|---|---|---|\n| 1 | 4155552671 | 3 |";
        assert_eq!(of(two, "4155552671"), Some("Phone"));
    }

    #[test]
    fn no_header_when_the_value_is_not_a_whole_cell_or_no_block_holds_it() {
        assert_eq!(
            of("id,note,x\n1,call 4155552671 today,y\n", "4155552671"),
            None
        );
        assert_eq!(
            of("C-85526,Olivia,4155552671,FR\n", "4155552671"),
            None,
            "first row"
        );
        assert_eq!(
            of("a,b\n1,2,4155552671\n", "4155552671"),
            None,
            "cell counts differ"
        );
        assert_eq!(of("x,y,z\n1,2,4155552671\n", "4155552671"), Some("z"));
        assert_eq!(
            of("1,2,3\n1,2,4155552671\n", "4155552671"),
            None,
            "a header has a letter"
        );
        assert_eq!(
            of("Name,Phone\nAna,4155552671\n", "4155552671"),
            None,
            "two cells"
        );
        // Prose above, a blank line between: not the same block.
        let prose =
            "Dear customer, thank you, for your order\n\nBest, regards,\nJane, Doe, 415-555-2671";
        assert_eq!(of(prose, "415-555-2671"), None);
    }

    #[test]
    fn a_long_first_line_or_many_cells_stay_linear() {
        // One block remembered across the rows: each row is read once.
        let mut t = "id,name,phone\n".to_string();
        for i in 0..20_000 {
            t.push_str(&format!("{i},Ana,4155552671\n"));
        }
        let b = t.as_bytes();
        let mut tables = Tables::default();
        let mut named = 0;
        let mut at = 0;
        while let Some(i) = t[at..].find("4155552671") {
            let s = at + i;
            named += usize::from(header(b, s, s + 10, &mut tables) == Some(&b"phone"[..]));
            at = s + 10;
        }
        assert_eq!(named, 20_000);
        // A line longer than a row is not a row and ends the block.
        let long = format!("{},x,y\n1,2,4155552671\n", "a".repeat(5000));
        assert_eq!(of(&long, "4155552671"), None);
    }
}
