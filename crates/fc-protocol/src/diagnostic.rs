use std::fmt;

/// How bad a diagnostic is. Errors stop the thing they are in (a page's template, a script);
/// warnings are printed and the player goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// An error or warning located in a bundle file. `line` and `col` are 1-based; 0 means unknown.
/// Printed as `file:line:col: message`, the form the CLI contract requires on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, line: u32, col: u32, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            line,
            col,
            message: message.into(),
        }
    }

    pub fn warning(
        file: impl Into<String>,
        line: u32,
        col: u32,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            file: file.into(),
            line,
            col,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.col, kind, self.message
        )
    }
}

impl std::error::Error for Diagnostic {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_file_line_col() {
        let d = Diagnostic::error("pages/index/index.fxml", 3, 7, "unclosed tag <view>");
        assert_eq!(
            d.to_string(),
            "pages/index/index.fxml:3:7: error: unclosed tag <view>"
        );
        assert!(d.is_error());
        assert!(!Diagnostic::warning("a", 1, 1, "w").is_error());
    }
}
