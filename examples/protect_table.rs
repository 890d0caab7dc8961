//! Protect a table of counts before publishing it: small counts withheld, complements
//! chosen so that no withheld count can be worked out from the totals, and the audit
//! that shows what an attacker could still derive.
//!
//! ```text
//! cargo run --example protect_table
//! ```

// Examples print what they show.
#![allow(clippy::print_stdout, clippy::indexing_slicing)]

use investigation_outcomes::disclosure::{CountTable, Protection, protect};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // People charged, by region and outcome: two counts are small enough to identify
    // someone in a small community.
    let table = CountTable::new(
        vec!["North".into(), "Central".into(), "South".into()],
        vec!["convicted".into(), "acquitted".into(), "pending".into()],
        vec![vec![41, 2, 17], vec![63, 9, 25], vec![38, 4, 12]],
    )?;

    // Withhold counts below 5. The row, column and grand totals are published too,
    // so complements are withheld until none of the small counts can be derived from
    // them more narrowly than 5 wide.
    let protection = Protection {
        suppress_below: Some(5),
        ..Protection::default()
    };
    let published = protect(&table, &protection)?;

    println!("{protection}\n");
    print!("{:<8}", "");
    for column in &published.columns {
        print!("{column:>10}");
    }
    println!("{:>10}", "total");
    for (r, row) in published.rows.iter().enumerate() {
        print!("{row:<8}");
        for column in 0..published.columns.len() {
            print!("{:>10}", published.cell(r, column).to_string());
        }
        println!("{:>10}", published.row_totals[r].to_string());
    }
    print!("{:<8}", "total");
    for total in &published.column_totals {
        print!("{:>10}", total.to_string());
    }
    println!("{:>10}\n", published.grand_total.to_string());

    // The audit: for every withheld cell, the interval an attacker can derive from
    // everything published, by exact linear programs.
    for (r, row) in published.rows.iter().enumerate() {
        for (c, column) in published.columns.iter().enumerate() {
            // Published cells have no exposure: only withheld ones are attacked.
            if let Some(exposure) = published.exposure(r, c) {
                let high = exposure
                    .high
                    .map_or("unbounded".to_owned(), |h| h.to_string());
                println!(
                    "{row} / {column}: withheld; an attacker can derive {} to {high}",
                    exposure.low
                );
            }
        }
    }
    println!("{} cells withheld", published.audit.withheld());
    Ok(())
}
