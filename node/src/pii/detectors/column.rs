//! The name of the table column a value fills: a CSV, TSV or semicolon export, a
//! Markdown or box-drawn table. Bare digits say nothing of what they are; the header
//! above them often does (`Referens`, `Order_No`, `Telefono`). The phone detector asks
//! for it only when the words just before the value say nothing (`phone::context`).

/// Cell delimiters, as bytes (`│` is the box-drawing bar of `psql` and `rich` tables).
const DELIMITERS: [&[u8]; 5] = [b",", b";", b"\t", b"|", "│".as_bytes()];

/// How far from the value its row may start or end: a longer line is not a table row.
const MAX_ROW: usize = 4096;

/// How many lines from the text's start are searched for the header row, and how many
/// bytes: a header is at the top of an export, and the search must stay cheap when
/// there is none.
const HEADER_LINES: usize = 64;
const HEADER_BYTES: usize = 16 << 10;

/// The header of the column whose cell is `b[s..e]` (quotes and padding aside): the
/// same field of the first line of the text, before the value's row, with as many
/// cells as that row. `None` when the value is not a whole cell or no such line is
/// found.
pub(super) fn header(b: &[u8], s: usize, e: usize) -> Option<&[u8]> {
    // The cheap test first: a delimiter or a line's edge on both sides.
    edges(b, s, e)?;
    let from = s.saturating_sub(MAX_ROW);
    let ls = match memchr::memrchr(b'\n', &b[from..s]) {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return None,
    };
    let to = b.len().min(e + MAX_ROW);
    let le = match memchr::memchr(b'\n', &b[e..to]) {
        Some(i) => e + i,
        None if to == b.len() => to,
        None => return None,
    };
    let row = &b[ls..le];
    let d = edges(row, s - ls, e - ls)?;
    let (col, n) = cell_of(row, d, s - ls)?;
    let mut start = 0;
    for _ in 0..HEADER_LINES {
        if start >= ls || start >= HEADER_BYTES {
            return None;
        }
        let end = memchr::memchr(b'\n', &b[start..ls]).map_or(ls, |i| start + i);
        let line = &b[start..end];
        if cells(line, d).count() == n {
            let (a, z) = cells(line, d).nth(col)?;
            let name = trim(&line[a..z]);
            return name
                .iter()
                .any(|c| c.is_ascii_alphabetic() || *c >= 0x80)
                .then_some(name);
        }
        start = end + 1;
    }
    None
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
    use super::header;

    fn of<'a>(text: &'a str, value: &str) -> Option<&'a str> {
        let s = text.rfind(value).expect("value in text");
        header(text.as_bytes(), s, s + value.len()).map(|h| std::str::from_utf8(h).unwrap())
    }

    #[test]
    fn a_cell_is_named_by_the_same_field_of_the_header() {
        let csv = "id,name,phone\n9,Ana,4155552671\n";
        assert_eq!(of(csv, "4155552671"), Some("phone"));
        assert_eq!(of(csv, "9"), Some("id"));
        let sv = "Datum;Text;Referens;Belopp\n2026-10-26;Swish Linnéa;8422741230;-7 762,50\n";
        assert_eq!(of(sv, "8422741230"), Some("Referens"));
        let md = "## Export\n\n| ID | Cliente | Telefono |\n|:--|:--|:--|\n| 1 | Rui | 917092298 |";
        assert_eq!(of(md, "917092298"), Some("Telefono"));
        let boxed = "│ id    │ Order_No       │\n├───┼───┤\n│ 37112 │ 6362948243     │";
        assert_eq!(of(boxed, "6362948243"), Some("Order_No"));
        let quoted = "id,amount,phone\n1,\"€ 13.335,73\",\"4155552671\"\n";
        assert_eq!(
            of(quoted, "4155552671"),
            Some("phone"),
            "a quoted comma does not split"
        );
    }

    #[test]
    fn no_header_when_the_value_is_not_a_whole_cell_or_no_line_matches() {
        assert_eq!(of("id,note\n1,call 4155552671 today\n", "4155552671"), None);
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
    }
}
