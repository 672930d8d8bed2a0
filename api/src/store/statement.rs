//! Hand-written SQL for the queries sea-orm's builders cannot say well
//! (correlated sub-queries, conditional updates), the same text on SQLite
//! and PostgreSQL.

use sea_orm::{ConnectionTrait, Statement, Value};

/// A statement being written: SQL text with `$n` parameters and their
/// values (both engines number parameters this way).
#[derive(Default)]
pub(crate) struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub(crate) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a parameter holding `value`.
    pub(crate) fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        self.text.push_str(&format!("${}", self.values.len()));
        self
    }

    /// This statement inside another: `before`, this text, `after`, with
    /// the same parameters.
    pub(crate) fn wrapped(self, before: &str, after: &str) -> Sql {
        Sql {
            text: format!("{before}{}{after}", self.text),
            values: self.values,
        }
    }

    pub(crate) fn statement(&self, db: &impl ConnectionTrait) -> Statement {
        Statement::from_sql_and_values(
            db.get_database_backend(),
            self.text.clone(),
            self.values.clone(),
        )
    }
}
