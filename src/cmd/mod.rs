//! One module per subcommand, each a thin layer over the library.

pub mod assess;
pub mod check;
pub mod compare;
pub mod completions;
pub mod frameworks;
pub mod init;
pub mod man;
pub mod patterns;
pub mod render;
pub mod templates;

/// Appends `text` wrapped at 100 columns, indented by `first` spaces on the
/// first line and `rest` after.
pub fn wrap(out: &mut String, text: &str, first: usize, rest: usize) {
    const WIDTH: usize = 100;
    let mut line = " ".repeat(first);
    for word in text.split_whitespace() {
        if !line.trim().is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = " ".repeat(rest);
        } else if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}
