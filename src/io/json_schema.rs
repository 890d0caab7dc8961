//! The JSON Schema of the dataset format (feature `json-schema`), for tools in other
//! languages that validate documents before handing them over.
//!
//! The schema is generated from the same types that read the format. It checks the
//! shape and the syntax of every value (codes, dates, figures, terms); the rules that
//! need the code lists themselves (that `XX` is not a country) or span several values
//! are the crate's own, in reading and [`validate`](crate::validate()).
//!
//! The schema is committed as `schema/dataset.schema.json`; a test fails when it is
//! out of date.
//!
//! # Example
//!
//! ```
//! let schema = investigation_outcomes::json_schema::dataset_schema();
//! assert_eq!(schema["title"], "Dataset");
//! assert!(schema["required"].as_array().is_some_and(|r| r.contains(&"schema_version".into())));
//! ```

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::io::dataset::Dataset;
use crate::record::defendant::AgeBand;
use crate::record::sentence::ReleaseLength;
use crate::value::area::Area;
use crate::value::date::PartialDate;
use crate::value::event_date::EventDate;
use crate::value::iccs::IccsCode;
use crate::value::jurisdiction::Jurisdiction;
use crate::value::money::Currency;
use crate::value::period::Period;
use crate::value::quantity::Quantity;
use crate::value::region::Region;
use crate::value::term::Term;

/// The JSON Schema (draft 2020-12) of a dataset document.
pub fn dataset_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Dataset)).unwrap_or_default()
}

const JURISDICTION: &str = "[A-Z]{2}(-[A-Z0-9]{1,3})?";

macro_rules! text_schema {
    ($type:ty, $name:literal, $pattern:expr, $description:literal) => {
        impl JsonSchema for $type {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "pattern": $pattern,
                    "description": $description
                })
            }
        }
    };
}

text_schema!(
    Jurisdiction,
    "Jurisdiction",
    format!("^{JURISDICTION}$"),
    "An ISO 3166-1 alpha-2 country (NZ) or ISO 3166-2 subdivision (AU-QLD)"
);
text_schema!(
    Region,
    "Region",
    "^[0-9]{3}$",
    "A UN M49 region code such as 150 (Europe)"
);
text_schema!(
    Area,
    "Area",
    format!("^(rest-of:)?({JURISDICTION}|[0-9]{{3}})$"),
    "A jurisdiction, an M49 region, or a remainder such as rest-of:CA"
);
text_schema!(
    PartialDate,
    "PartialDate",
    "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
    "A date known to the year, month or day: 2019, 2019-10, 2022-03-02"
);
text_schema!(
    EventDate,
    "EventDate",
    "^(undated|[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$",
    "When an event happened: a date known to the year, month or day, or undated when the sources do not say"
);
text_schema!(
    Period,
    "Period",
    "^([0-9]{4}|FY[0-9]{4}-(0[1-9]|1[0-2])|[0-9]{4}-Q[1-4]|[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)$",
    "A reporting period: a year (2023), a financial year from its first month (FY2023-07), a quarter (2023-Q1) or a range of dates, both included (2023-01-01/2023-06-30)"
);
text_schema!(
    Term,
    "Term",
    "^([0-9]+y( ?[0-9]+m)?( ?[0-9]+d)?|[0-9]+m( ?[0-9]+d)?|[0-9]+d|P([0-9]+Y([0-9]+M)?([0-9]+D)?|[0-9]+M([0-9]+D)?|[0-9]+D))$",
    "Years, months and days: 5y 2m, 14d, 0d; or ISO 8601 P5Y2M"
);
text_schema!(
    IccsCode,
    "IccsCode",
    "^(0[1-9]|1[01])([0-9]{2}([0-9]{1,2})?)?$",
    "A UNODC ICCS code of 2, 4, 5 or 6 digits"
);
text_schema!(
    Currency,
    "Currency",
    "^[A-Z]{3}$",
    "An ISO 4217 currency code"
);
text_schema!(
    AgeBand,
    "AgeBand",
    "^[0-9]{1,3}(-[0-9]{1,3}|\\+)$",
    "An age band: 45-49 or 65+"
);
text_schema!(
    ReleaseLength,
    "ReleaseLength",
    "^(life|[0-9]+y( ?[0-9]+m)?( ?[0-9]+d)?|[0-9]+m( ?[0-9]+d)?|[0-9]+d|P([0-9]+Y([0-9]+M)?([0-9]+D)?|[0-9]+M([0-9]+D)?|[0-9]+D))$",
    "A term, or life"
);

impl JsonSchema for Quantity {
    fn schema_name() -> Cow<'static, str> {
        "Quantity".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A reported figure: a whole number (exact) or a qualified figure such as \"about 90000\", \"more than 450\", \"between 10 and 20\", \"thousands\", \"just over 60 (precision 12)\"",
            "oneOf": [
                { "type": "integer", "minimum": 0 },
                {
                    "type": "string",
                    "pattern": "^((about|approximately|around|at least|more than|over|at most|up to|fewer than|under|almost|nearly|just over) )?[0-9][0-9,]*( \\(precision [0-9]+\\))?$|^between [0-9][0-9,]* and [0-9][0-9,]*$|^(dozens|hundreds|thousands|tens of thousands|hundreds of thousands|millions)$"
                }
            ]
        })
    }
}
