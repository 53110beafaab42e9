//! Row limits written into the SQL text, so that PostgreSQL keeps one plan per statement.
//!
//! A prepared statement with `LIMIT $n` is planned on EVERY execution: the generic plan's
//! cost (with an unknown limit) always looks worse than the custom plans', so PostgreSQL
//! never switches to it (`pg_prepared_statements.generic_plans` stays 0). For the home
//! page's sessões and notícias that planning was 1.4 and 1.6 ms per request against 0.15 ms
//! of execution. A limit written as a literal gets the generic plan after five executions.
//! Only for limits fixed by the program or already clamped (each distinct value is a
//! statement of its own in the connection's cache); never for text.

/// `n` as a `LIMIT` literal: a whole number from 0 to 100,000.
pub fn limite(n: i64) -> i64 {
    n.clamp(0, 100_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_is_a_bounded_whole_number() {
        assert_eq!(limite(-5), 0);
        assert_eq!(limite(4), 4);
        assert_eq!(limite(i64::MAX), 100_000);
    }
}
