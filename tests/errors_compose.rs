//! Every public error converts into the crate's `Error`, so that `?` works in a
//! function returning it: a downstream program written from the docs compiles.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
use investigation_outcomes::deidentify::{Band, DeidentifyPolicy};
use investigation_outcomes::disclosure::{
    Cell, CountTable, LinkedTables, Margins, Protection, audit,
};
use investigation_outcomes::{Dataset, Error, Period, Scope};

fn period() -> Result<Period, Error> {
    Ok("2023-Q5".parse::<Period>()?)
}

fn table() -> Result<CountTable, Error> {
    // Two rows of labels, one row of counts.
    Ok(CountTable::new(
        vec!["a".into(), "b".into()],
        vec!["x".into()],
        vec![vec![1]],
    )?)
}

fn protection() -> Result<(), Error> {
    let table = CountTable::column("children", [("NZ".to_owned(), 4), ("AU".to_owned(), 9)]);
    let mut tables = LinkedTables::new();
    tables.add_table("children", &table, Margins::ALL)?;
    // A part of 9 published with a total of 5: the withheld part would be negative.
    let published = [Cell::Suppressed, Cell::Value(9), Cell::Value(5)];
    audit(&tables, &published, &Protection::default())?;
    Ok(())
}

fn merge() -> Result<(), Error> {
    let dataset = Dataset::operation_h()?;
    let rule = HeaviestSentence::default();
    let mut one = Summary::of(&dataset, GroupBy::one_group(), &rule);
    let other = Summary::of(&dataset, GroupBy::country_and_offence(), &rule);
    one.merge(&other)?;
    Ok(())
}

fn deidentify() -> Result<DeidentifyPolicy, Error> {
    Ok(DeidentifyPolicy::new(b"short")?)
}

fn band() -> Result<Band, Error> {
    Ok("24-".parse::<Band>()?)
}

fn scope() -> Result<Scope, Error> {
    Ok(Scope::area_str("Atlantis")?)
}

#[test]
fn every_error_converts_into_the_crates_error() {
    assert!(matches!(period(), Err(Error::Period(_))));
    assert!(matches!(table(), Err(Error::Table(_))));
    assert!(matches!(protection(), Err(Error::Protection(_))));
    assert!(matches!(merge(), Err(Error::Merge(_))));
    assert!(matches!(deidentify(), Err(Error::Deidentify(_))));
    assert!(matches!(scope(), Err(Error::Area(_))));
    assert!(matches!(band(), Err(Error::Band(_))));
    // The message is the inner error's, once.
    let message = period().unwrap_err().to_string();
    assert!(
        message.starts_with("invalid period \"2023-Q5\""),
        "{message}"
    );
}
