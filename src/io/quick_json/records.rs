//! Readers of the quick reader's own for the records that fill a dataset: the
//! dataset, its operations, their cases and what a case holds on every line
//! (defendant, events, charges, offences, dispositions, sentences).
//!
//! A million cases are read field by field, and serde's derived visitors spend more
//! on matching keys and moving values through `MapAccess` than on the values, in
//! more code than stays in the instruction cache. Each record that fills a case has
//! two readers here:
//!
//! - `in_order` takes the members as the crate writes them: keys in field order,
//!   no space. Each field in turn is either next, its key matched as one masked
//!   16-byte comparison, or absent; then the object must end. Straight-line code
//!   with a branch of its own per field, which the processor predicts well.
//! - `any_order` takes them as the derived readers do, in any order, through one
//!   loop over an object's members shared by every record type. A record that
//!   `in_order` does not take is read again from its start this way.
//!
//! Fields that are rare (citations, a court, an operation's claims and sources) are
//! read through `Deserialize`.
//!
//! They follow the derived `Deserialize` of each type: the same keys, the same
//! defaults, a value of each field read as its own `Deserialize` reads it (text
//! forms through `FromStr`). On anything else (an unknown or repeated key, a missing
//! field, a wrong kind of value) they give up, and serde_json decides. The
//! differential tests in the parent module hold them to that.

use std::num::NonZeroU32;
use std::str::FromStr;

use serde::Deserialize;

use super::{GiveUp, Reader, Result, Text};
use crate::record::case::{Case, Events};
use crate::record::charge::{Charge, Disposition};
use crate::record::charge_ids::{ChargeIds, collect_ids};
use crate::record::compact;
use crate::record::dataset::Dataset;
use crate::record::defendant::Defendant;
use crate::record::offence::Offence;
use crate::record::operation::Operation;
use crate::record::sentence::{
    Penalty, PenaltyFields, Sentence, SentenceComponent, SentenceStatus,
};

/// A type the quick reader reads: through its `Deserialize` unless it has a reader
/// of its own here.
pub(crate) trait QuickRead<'de>: Deserialize<'de> {
    /// Reads one value, or gives up.
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        Self::deserialize(reader)
    }
}

/// The keys of a struct, each also as a pattern of the first 16 bytes of its entry
/// (the name, its closing quote and the colon after it), so that a plain key is
/// matched with one masked comparison rather than a scan for its end.
pub(crate) struct Keys<const N: usize> {
    names: [&'static str; N],
    patterns: [Pattern; N],
}

/// A key's entry as it starts the 16 bytes after its opening quote, and which of
/// those bytes it covers; names of 15 bytes or more have no pattern.
#[derive(Clone, Copy)]
struct Pattern {
    bytes: u128,
    mask: u128,
}

impl<const N: usize> Keys<N> {
    // Indexing in a const fn: every index is below `N` or the name's length by its
    // loop, and a slip would fail the build, not a read.
    #[allow(clippy::indexing_slicing)]
    const fn new(names: [&'static str; N]) -> Self {
        let mut patterns = [Pattern { bytes: 0, mask: 0 }; N];
        let mut index = 0;
        while index < N {
            let name = names[index].as_bytes();
            if name.len() < 15 {
                let mut bytes = (u16::from_le_bytes(*b"\":") as u128) << (8 * name.len());
                let mut at = 0;
                while at < name.len() {
                    bytes |= (name[at] as u128) << (8 * at);
                    at += 1;
                }
                let mask = match name.len() {
                    14 => u128::MAX,
                    len => (1u128 << (8 * (len + 2))) - 1,
                };
                patterns[index] = Pattern { bytes, mask };
            } else {
                // Matches nothing: the key is looked up by name.
                patterns[index] = Pattern { bytes: 1, mask: 0 };
            }
            index += 1;
        }
        Self { names, patterns }
    }
}

impl<'de> Reader<'de> {
    /// Reads an object whose keys are among `keys`, calling `member` with each
    /// key's index once the reader is past its colon. Gives up on any other key and
    /// on a key given twice, as the derived readers refuse both.
    fn members<const N: usize>(
        &mut self,
        keys: &Keys<N>,
        mut member: impl FnMut(&mut Self, usize) -> Result<()>,
    ) -> Result<()> {
        self.members_of(&keys.names, &keys.patterns, &mut member)
    }

    // One copy for every record type, called through `dyn`: the readers of a case
    // run a million times, and their code must stay small enough to stay cached.
    fn members_of(
        &mut self,
        names: &[&str],
        patterns: &[Pattern],
        member: &mut dyn FnMut(&mut Self, usize) -> Result<()>,
    ) -> Result<()> {
        self.nested(b'{', b'}', |reader| {
            let mut seen: u64 = 0;
            let mut expected = 0;
            let mut first = true;
            while reader.next_item(b'}', &mut first)? {
                let index = reader.member_key(names, patterns, expected)?;
                let bit = 1u64.checked_shl(u32::try_from(index).map_err(|_| GiveUp)?);
                let bit = bit.ok_or(GiveUp)?;
                if seen & bit != 0 {
                    return Err(GiveUp);
                }
                seen |= bit;
                member(reader, index)?;
                expected = index + 1;
            }
            Ok(())
        })
    }

    /// The index in `keys` of the key at the reader, read with the colon after it.
    /// Records are written in field order, so the keys from `expected` on are tried
    /// first, against the raw text. A key with escapes, or space before its colon,
    /// or near the end of the text, is read and looked up.
    fn member_key(
        &mut self,
        names: &[&str],
        patterns: &[Pattern],
        expected: usize,
    ) -> Result<usize> {
        self.skip_whitespace();
        let bytes = self.bytes();
        if bytes.get(self.position) != Some(&b'"') {
            return Err(GiveUp);
        }
        let start = self.position + 1;
        let ahead = bytes
            .get(start..start + 16)
            .and_then(|ahead| <[u8; 16]>::try_from(ahead).ok())
            .map(u128::from_le_bytes);
        if let Some(ahead) = ahead {
            // A name has no quote or backslash, so the quote after it closes the key.
            let matches = |index: usize| {
                patterns
                    .get(index)
                    .is_some_and(|p| ahead & p.mask == p.bytes)
            };
            let found = (expected..patterns.len()).find(|&i| matches(i));
            if let Some(index) = found.or_else(|| (0..expected).find(|&i| matches(i))) {
                let length = names.get(index).map_or(0, |name| name.len());
                self.position = start + length + 2;
                return Ok(index);
            }
        }
        let key = match self.string()? {
            Text::Borrowed(key) => key,
            Text::Copied(key) => key,
        };
        let index = names.iter().position(|name| *name == key).ok_or(GiveUp)?;
        self.expect(b':')?;
        Ok(index)
    }

    /// Whether the next member's key is `keys[index]`, written as the writer writes
    /// it: `"name":`, right after the object's `{` or after a comma. If so the
    /// reader moves past the colon, else it reads nothing.
    // Inlined at every key of every record: a shared copy took fewer instructions
    // but more time.
    #[inline(always)]
    fn has_key<const N: usize>(&mut self, keys: &Keys<N>, index: usize) -> bool {
        let (Some(pattern), Some(name)) = (keys.patterns.get(index), keys.names.get(index)) else {
            return false;
        };
        let bytes = self.bytes();
        // No value ends in `{`, so one just before is the object's own.
        let first = self
            .position
            .checked_sub(1)
            .is_some_and(|before| bytes.get(before) == Some(&b'{'));
        let quote = self.position + usize::from(!first);
        if !first && bytes.get(self.position) != Some(&b',') {
            return false;
        }
        if bytes.get(quote) != Some(&b'"') {
            return false;
        }
        // Within 16 bytes of the end of the text (the end of a line's last case),
        // the record is read the other way.
        let ahead = bytes
            .get(quote + 1..quote + 17)
            .and_then(|ahead| <[u8; 16]>::try_from(ahead).ok())
            .map(u128::from_le_bytes);
        if ahead.is_none_or(|ahead| ahead & pattern.mask != pattern.bytes) {
            return false;
        }
        self.position = quote + 1 + name.len() + 2;
        true
    }

    /// The value of member `keys[index]` read by `read` when its key is next, as
    /// [`has_key`](Reader::has_key) finds it; `None` when another key is.
    #[inline(always)]
    fn field<const N: usize, T>(
        &mut self,
        keys: &Keys<N>,
        index: usize,
        read: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<Option<T>> {
        if self.has_key(keys, index) {
            read(self).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Reads a record the quick way when its members come as the writer writes
    /// them (`in_order`: every key in field order, no space), else from where it
    /// began with `any_order`, which takes the members as the derived readers do.
    #[inline(always)]
    fn record<T>(
        &mut self,
        in_order: fn(&mut Self) -> Result<T>,
        any_order: fn(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let (position, depth) = (self.position, self.depth);
        if let Ok(value) = in_order(self) {
            return Ok(value);
        }
        self.position = position;
        self.depth = depth;
        any_order(self)
    }

    /// A value read through its `FromStr`, as the crate's text forms deserialize.
    fn text<T: FromStr>(&mut self) -> Result<T> {
        let parsed = match self.plain_string() {
            Some(text) => text.parse(),
            None => match self.string()? {
                Text::Borrowed(text) => text.parse(),
                Text::Copied(text) => text.parse(),
            },
        };
        parsed.map_err(|_| GiveUp)
    }

    /// [`text`](Reader::text) or `None` for `null`, as `Option`'s `Deserialize`
    /// reads it; a plain string, the usual value, without looking for `null` first.
    fn nullable_text<T: FromStr>(&mut self) -> Result<Option<T>> {
        match self.plain_string() {
            Some(text) => text.parse().map(Some).map_err(|_| GiveUp),
            None => self.nullable(Reader::text),
        }
    }

    /// `None` for `null`, as `Option`'s `Deserialize` reads it, else `read`.
    fn nullable<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            return Ok(None);
        }
        read(self).map(Some)
    }

    /// A value read through its `Deserialize`.
    fn serde<T: Deserialize<'de>>(&mut self) -> Result<T> {
        T::deserialize(self)
    }

    /// An array read into a vector of its exact length, as [`compact::vec`] reads
    /// one. A single element (the usual charge of a case, or component of a
    /// sentence) goes straight into its vector; more are gathered element by
    /// element into `vector` of [`Gathered`], then moved out in one copy. The
    /// elements' own readers must not gather into the same vector.
    fn gathered<T>(
        &mut self,
        vector: fn(&mut Gathered) -> &mut Vec<T>,
        element: fn(&mut Self) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.nested(b'[', b']', |reader| {
            let mut first = true;
            if !reader.next_item(b']', &mut first)? {
                return Ok(Vec::new());
            }
            let value = element(reader)?;
            if !reader.next_item(b']', &mut first)? {
                return Ok(vec![value]);
            }
            vector(&mut reader.gathered).clear();
            vector(&mut reader.gathered).push(value);
            loop {
                let value = element(reader)?;
                vector(&mut reader.gathered).push(value);
                if !reader.next_item(b']', &mut first)? {
                    break;
                }
            }
            let gathered = vector(&mut reader.gathered);
            let mut values = Vec::with_capacity(gathered.len());
            values.append(gathered);
            Ok(values)
        })
    }

    /// An array read element by element into a vector of its exact length, as
    /// [`compact::vec`] reads one.
    fn exact_vec<T>(&mut self, element: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        self.nested(b'[', b']', |reader| {
            compact::collect_exact([], reader.elements(element))
        })
    }

    /// The elements of the array the reader is in, after its `[`, one at a time,
    /// each read by `element`; `None` once its `]` is next.
    fn elements<T>(
        &mut self,
        mut element: impl FnMut(&mut Self) -> Result<T>,
    ) -> impl FnMut() -> Result<Option<T>> {
        let mut first = true;
        move || {
            if self.next_item(b']', &mut first)? {
                element(self).map(Some)
            } else {
                Ok(None)
            }
        }
    }
}

/// Vectors the readers reuse from record to record for the short arrays in them:
/// a case's charges are gathered here, then moved in one copy into a vector of
/// their exact number, rather than one by one out of a held array.
#[derive(Default)]
pub(crate) struct Gathered {
    charges: Vec<Charge>,
    components: Vec<SentenceComponent>,
}

/// The value of a field that had to be present.
fn required<T>(field: Option<T>) -> Result<T> {
    field.ok_or(GiveUp)
}

impl<'de> QuickRead<'de> for Dataset {
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        const KEYS: Keys<2> = Keys::new(["schema_version", "operations"]);
        let (mut schema_version, mut operations) = (None, None);
        reader.members(&KEYS, |reader, field| {
            match field {
                0 => schema_version = Some(reader.serde::<u32>()?),
                _ => operations = Some(reader.exact_vec(Operation::quick_read)?),
            }
            Ok(())
        })?;
        Ok(Dataset::from_parts(
            required(schema_version)?,
            required(operations)?,
        ))
    }
}

impl<'de> QuickRead<'de> for Operation {
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        const KEYS: Keys<14> = Keys::new([
            "id",
            "name",
            "aliases",
            "lead_agency",
            "partner_agencies",
            "participants",
            "started",
            "ended",
            "announced",
            "referral",
            "agencies",
            "sources",
            "claims",
            "cases",
        ]);
        let (mut id, mut name, mut aliases) = (None, None, Vec::new());
        let (mut lead_agency, mut partner_agencies) = (None, Vec::new());
        let (mut participants, mut started, mut ended) = (Vec::new(), None, None);
        let (mut announced, mut referral, mut agencies) = (None, None, Vec::new());
        let (mut sources, mut claims, mut cases) = (Vec::new(), Vec::new(), Vec::new());
        reader.members(&KEYS, |reader, field| {
            match field {
                0 => id = Some(reader.text()?),
                1 => name = Some(reader.serde()?),
                2 => aliases = reader.serde()?,
                3 => lead_agency = reader.serde()?,
                4 => partner_agencies = reader.serde()?,
                5 => participants = reader.serde()?,
                6 => started = reader.serde()?,
                7 => ended = reader.serde()?,
                8 => announced = reader.serde()?,
                9 => referral = reader.serde()?,
                10 => agencies = reader.serde()?,
                11 => sources = reader.serde()?,
                12 => claims = reader.serde()?,
                _ => cases = reader.exact_vec(Case::quick_read)?,
            }
            Ok(())
        })?;
        Ok(Operation {
            id: required(id)?,
            name: required(name)?,
            aliases,
            lead_agency,
            partner_agencies,
            participants,
            started,
            ended,
            announced,
            referral,
            agencies,
            sources,
            claims,
            cases,
        })
    }
}

const CASE_KEYS: Keys<8> = Keys::new([
    "id",
    "jurisdiction",
    "defendant",
    "court",
    "events",
    "charges",
    "sentence",
    "citations",
]);

impl<'de> QuickRead<'de> for Case {
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        reader.record(case_in_order, case_any_order)
    }
}

pub(super) fn case_in_order<'de>(reader: &mut Reader<'de>) -> Result<Case> {
    let keys = &CASE_KEYS;
    reader.enter(b'{')?;
    let id = required(reader.field(keys, 0, Reader::text)?)?;
    let jurisdiction = required(reader.field(keys, 1, Reader::text)?)?;
    let defendant = required(reader.field(keys, 2, Defendant::quick_read)?)?;
    let court = reader.field(keys, 3, Reader::serde)?;
    let events = reader.field(keys, 4, Events::quick_read)?;
    let charges = reader.field(keys, 5, |reader| {
        reader.gathered(|g| &mut g.charges, Charge::quick_read)
    })?;
    let sentence = reader.field(keys, 6, |reader| reader.nullable(Sentence::quick_read))?;
    let citations = reader.field(keys, 7, Reader::serde)?;
    reader.leave(b'}')?;
    Ok(Case {
        id,
        jurisdiction,
        defendant,
        court: court.flatten(),
        events: events.unwrap_or_default(),
        charges: charges.unwrap_or_default(),
        sentence: sentence.flatten(),
        citations: citations.unwrap_or_default(),
    })
}

fn case_any_order<'de>(reader: &mut Reader<'de>) -> Result<Case> {
    let (mut id, mut jurisdiction, mut defendant) = (None, None, None);
    let (mut court, mut events, mut charges) = (None, Events::default(), Vec::new());
    let (mut sentence, mut citations) = (None, Vec::new());
    reader.members(&CASE_KEYS, |reader, field| {
        match field {
            0 => id = Some(reader.text()?),
            1 => jurisdiction = Some(reader.text()?),
            2 => defendant = Some(Defendant::quick_read(reader)?),
            3 => court = reader.serde()?,
            4 => events = Events::quick_read(reader)?,
            5 => charges = reader.gathered(|g| &mut g.charges, Charge::quick_read)?,
            6 => sentence = reader.nullable(Sentence::quick_read)?,
            _ => citations = reader.serde()?,
        }
        Ok(())
    })?;
    Ok(Case {
        id: required(id)?,
        jurisdiction: required(jurisdiction)?,
        defendant: required(defendant)?,
        court,
        events,
        charges,
        sentence,
        citations,
    })
}

const DEFENDANT_KEYS: Keys<2> = Keys::new(["id", "age_band"]);

impl<'de> QuickRead<'de> for Defendant {
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        reader.record(defendant_in_order, defendant_any_order)
    }
}

fn defendant_in_order<'de>(reader: &mut Reader<'de>) -> Result<Defendant> {
    let keys = &DEFENDANT_KEYS;
    reader.enter(b'{')?;
    let id = required(reader.field(keys, 0, Reader::text)?)?;
    let age_band = reader.field(keys, 1, Reader::nullable_text)?;
    reader.leave(b'}')?;
    Ok(Defendant {
        id,
        age_band: age_band.flatten(),
    })
}

fn defendant_any_order<'de>(reader: &mut Reader<'de>) -> Result<Defendant> {
    let (mut id, mut age_band) = (None, None);
    reader.members(&DEFENDANT_KEYS, |reader, field| {
        match field {
            0 => id = Some(reader.text()?),
            _ => age_band = reader.nullable_text()?,
        }
        Ok(())
    })?;
    Ok(Defendant {
        id: required(id)?,
        age_band,
    })
}

const EVENTS_KEYS: Keys<5> = Keys::new(["arrested", "charged", "pleaded", "verdict", "sentenced"]);

impl<'de> QuickRead<'de> for Events {
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        reader.record(events_in_order, events_any_order)
    }
}

fn events_in_order<'de>(reader: &mut Reader<'de>) -> Result<Events> {
    let keys = &EVENTS_KEYS;
    reader.enter(b'{')?;
    let mut date = |index| {
        reader
            .field(keys, index, Reader::nullable_text)
            .map(Option::flatten)
    };
    let events = Events {
        arrested: date(0)?,
        charged: date(1)?,
        pleaded: date(2)?,
        verdict: date(3)?,
        sentenced: date(4)?,
    };
    reader.leave(b'}')?;
    Ok(events)
}

fn events_any_order<'de>(reader: &mut Reader<'de>) -> Result<Events> {
    let mut events = Events::default();
    reader.members(&EVENTS_KEYS, |reader, field| {
        let date = reader.nullable_text()?;
        match field {
            0 => events.arrested = date,
            1 => events.charged = date,
            2 => events.pleaded = date,
            3 => events.verdict = date,
            _ => events.sentenced = date,
        }
        Ok(())
    })?;
    Ok(events)
}

const CHARGE_KEYS: Keys<6> = Keys::new([
    "id",
    "offence",
    "counts",
    "offence_date",
    "disposition",
    "citations",
]);

impl<'de> QuickRead<'de> for Charge {
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        reader.record(charge_in_order, charge_any_order)
    }
}

fn charge_in_order<'de>(reader: &mut Reader<'de>) -> Result<Charge> {
    let keys = &CHARGE_KEYS;
    reader.enter(b'{')?;
    let id = required(reader.field(keys, 0, Reader::text)?)?;
    let offence = required(reader.field(keys, 1, Offence::quick_read)?)?;
    let counts = required(reader.field(keys, 2, |reader| counts_of(reader.unsigned()?))?)?;
    let offence_date = reader.field(keys, 3, Reader::nullable_text)?;
    let disposition = required(reader.field(keys, 4, Disposition::quick_read)?)?;
    let citations = reader.field(keys, 5, Reader::serde)?;
    reader.leave(b'}')?;
    Ok(Charge {
        id,
        offence,
        counts,
        offence_date: offence_date.flatten(),
        disposition,
        citations: citations.unwrap_or_default(),
    })
}

fn charge_any_order<'de>(reader: &mut Reader<'de>) -> Result<Charge> {
    let (mut id, mut offence, mut counts) = (None, None, None);
    let (mut offence_date, mut disposition, mut citations) = (None, None, Vec::new());
    reader.members(&CHARGE_KEYS, |reader, field| {
        match field {
            0 => id = Some(reader.text()?),
            1 => offence = Some(Offence::quick_read(reader)?),
            2 => counts = Some(counts_of(reader.unsigned()?)?),
            3 => offence_date = reader.nullable_text()?,
            4 => disposition = Some(Disposition::quick_read(reader)?),
            _ => citations = reader.serde()?,
        }
        Ok(())
    })?;
    Ok(Charge {
        id: required(id)?,
        offence: required(offence)?,
        counts: required(counts)?,
        offence_date,
        disposition: required(disposition)?,
        citations,
    })
}

/// A charge's counts, as `NonZeroU32` deserializes from an integer.
fn counts_of(value: u64) -> Result<NonZeroU32> {
    NonZeroU32::new(u32_of(value)?).ok_or(GiveUp)
}

const OFFENCE_KEYS: Keys<3> = Keys::new(["kind", "iccs", "statute"]);

impl<'de> QuickRead<'de> for Offence {
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        reader.record(offence_in_order, offence_any_order)
    }
}

fn offence_in_order<'de>(reader: &mut Reader<'de>) -> Result<Offence> {
    let keys = &OFFENCE_KEYS;
    reader.enter(b'{')?;
    let kind = required(reader.field(keys, 0, Reader::text)?)?;
    let iccs = required(reader.field(keys, 1, Reader::text)?)?;
    let statute = reader.field(keys, 2, Reader::serde)?;
    reader.leave(b'}')?;
    Ok(Offence {
        kind,
        iccs,
        statute: statute.flatten(),
    })
}

fn offence_any_order<'de>(reader: &mut Reader<'de>) -> Result<Offence> {
    let (mut kind, mut iccs, mut statute) = (None, None, None);
    reader.members(&OFFENCE_KEYS, |reader, field| {
        match field {
            0 => kind = Some(reader.text()?),
            1 => iccs = Some(reader.text()?),
            _ => statute = reader.serde()?,
        }
        Ok(())
    })?;
    Ok(Offence {
        kind: required(kind)?,
        iccs: required(iccs)?,
        statute,
    })
}

const DISPOSITION_KEYS: Keys<2> = Keys::new(["outcome", "date"]);

impl<'de> QuickRead<'de> for Disposition {
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        reader.record(disposition_in_order, disposition_any_order)
    }
}

fn disposition_in_order<'de>(reader: &mut Reader<'de>) -> Result<Disposition> {
    let keys = &DISPOSITION_KEYS;
    reader.enter(b'{')?;
    let outcome = required(reader.field(keys, 0, Reader::text)?)?;
    let date = reader.field(keys, 1, Reader::nullable_text)?;
    reader.leave(b'}')?;
    Ok(Disposition {
        outcome,
        date: date.flatten(),
    })
}

fn disposition_any_order<'de>(reader: &mut Reader<'de>) -> Result<Disposition> {
    let (mut outcome, mut date) = (None, None);
    reader.members(&DISPOSITION_KEYS, |reader, field| {
        match field {
            0 => outcome = Some(reader.text()?),
            _ => date = reader.nullable_text()?,
        }
        Ok(())
    })?;
    Ok(Disposition {
        outcome: required(outcome)?,
        date,
    })
}

const SENTENCE_KEYS: Keys<3> = Keys::new(["components", "status", "citations"]);

impl<'de> QuickRead<'de> for Sentence {
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        reader.record(sentence_in_order, sentence_any_order)
    }
}

fn sentence_in_order<'de>(reader: &mut Reader<'de>) -> Result<Sentence> {
    let keys = &SENTENCE_KEYS;
    reader.enter(b'{')?;
    let read = SentenceComponent::quick_read;
    let components = required(reader.field(keys, 0, |reader| {
        reader.gathered(|g| &mut g.components, read)
    })?)?;
    let status = required(reader.field(keys, 1, SentenceStatus::quick_read)?)?;
    let citations = reader.field(keys, 2, Reader::serde)?;
    reader.leave(b'}')?;
    Ok(Sentence {
        components,
        status,
        citations: citations.unwrap_or_default(),
    })
}

fn sentence_any_order<'de>(reader: &mut Reader<'de>) -> Result<Sentence> {
    let (mut components, mut status, mut citations) = (None, None, Vec::new());
    reader.members(&SENTENCE_KEYS, |reader, field| {
        match field {
            0 => {
                let read = SentenceComponent::quick_read;
                components = Some(reader.gathered(|g| &mut g.components, read)?);
            }
            1 => status = Some(SentenceStatus::quick_read(reader)?),
            _ => citations = reader.serde()?,
        }
        Ok(())
    })?;
    Ok(Sentence {
        components: required(components)?,
        status: required(status)?,
        citations,
    })
}

impl<'de> QuickRead<'de> for SentenceStatus {
    /// The unit variants from their names; a variant with fields through serde.
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        if reader.peek()? != b'"' {
            return reader.serde();
        }
        match reader.string()? {
            Text::Borrowed("final") | Text::Copied("final") => Ok(SentenceStatus::Final),
            Text::Borrowed("appealed") | Text::Copied("appealed") => Ok(SentenceStatus::Appealed),
            _ => Err(GiveUp),
        }
    }
}

const COMPONENT_KEYS: Keys<3> = Keys::new(["penalty", "charges", "runs"]);

impl<'de> QuickRead<'de> for SentenceComponent {
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        reader.record(component_in_order, component_any_order)
    }
}

fn component_in_order<'de>(reader: &mut Reader<'de>) -> Result<SentenceComponent> {
    let keys = &COMPONENT_KEYS;
    reader.enter(b'{')?;
    let penalty = required(reader.field(keys, 0, Penalty::quick_read)?)?;
    let charges = required(reader.field(keys, 1, ChargeIds::quick_read)?)?;
    let runs = reader.field(keys, 2, Reader::nullable_text)?;
    reader.leave(b'}')?;
    Ok(SentenceComponent {
        penalty,
        charges,
        runs: runs.flatten(),
    })
}

fn component_any_order<'de>(reader: &mut Reader<'de>) -> Result<SentenceComponent> {
    let (mut penalty, mut charges, mut runs) = (None, None, None);
    reader.members(&COMPONENT_KEYS, |reader, field| {
        match field {
            0 => penalty = Some(Penalty::quick_read(reader)?),
            1 => charges = Some(ChargeIds::quick_read(reader)?),
            _ => runs = reader.nullable_text()?,
        }
        Ok(())
    })?;
    Ok(SentenceComponent {
        penalty: required(penalty)?,
        charges: required(charges)?,
        runs,
    })
}

impl<'de> QuickRead<'de> for ChargeIds {
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        reader.nested(b'[', b']', |reader| {
            collect_ids(reader.elements(Reader::text))
        })
    }
}

const PENALTY_KEYS: Keys<9> = Keys::new([
    "kind",
    "term",
    "minimum",
    "hours",
    "amount",
    "currency",
    "length",
    "operational_period",
    "description",
]);

impl<'de> QuickRead<'de> for Penalty {
    /// Every field into [`PenaltyFields`], as `Penalty`'s `Deserialize` reads them,
    /// then the kind decides.
    fn quick_read(reader: &mut Reader<'de>) -> Result<Self> {
        reader.record(penalty_in_order, penalty_any_order)
    }
}

fn penalty_in_order<'de>(reader: &mut Reader<'de>) -> Result<Penalty> {
    let keys = &PENALTY_KEYS;
    reader.enter(b'{')?;
    let kind = required(reader.field(keys, 0, Reader::text)?)?;
    let term = reader.field(keys, 1, Reader::nullable_text)?;
    let minimum = reader.field(keys, 2, Reader::nullable_text)?;
    let hours = reader.field(keys, 3, |reader| {
        reader.nullable(|reader| u32_of(reader.unsigned()?))
    })?;
    let amount = reader.field(keys, 4, |reader| reader.nullable(Reader::unsigned))?;
    let currency = reader.field(keys, 5, Reader::nullable_text)?;
    let length = reader.field(keys, 6, Reader::nullable_text)?;
    let operational_period = reader.field(keys, 7, Reader::nullable_text)?;
    let description = reader.field(keys, 8, Reader::serde)?;
    reader.leave(b'}')?;
    PenaltyFields {
        kind,
        term: term.flatten(),
        minimum: minimum.flatten(),
        hours: hours.flatten(),
        amount: amount.flatten(),
        currency: currency.flatten(),
        length: length.flatten(),
        operational_period: operational_period.flatten(),
        description: description.flatten(),
    }
    .into_penalty()
}

fn penalty_any_order<'de>(reader: &mut Reader<'de>) -> Result<Penalty> {
    let mut kind = None;
    let (mut term, mut minimum, mut hours, mut amount) = (None, None, None, None);
    let (mut currency, mut length, mut operational_period) = (None, None, None);
    let mut description = None;
    reader.members(&PENALTY_KEYS, |reader, field| {
        match field {
            0 => kind = Some(reader.text()?),
            1 => term = reader.nullable_text()?,
            2 => minimum = reader.nullable_text()?,
            3 => hours = reader.nullable(|reader| u32_of(reader.unsigned()?))?,
            4 => amount = reader.nullable(Reader::unsigned)?,
            5 => currency = reader.nullable_text()?,
            6 => length = reader.nullable_text()?,
            7 => operational_period = reader.nullable_text()?,
            _ => description = reader.serde()?,
        }
        Ok(())
    })?;
    PenaltyFields {
        kind: required(kind)?,
        term,
        minimum,
        hours,
        amount,
        currency,
        length,
        operational_period,
        description,
    }
    .into_penalty()
}

/// A `u32`, as it deserializes from an integer.
fn u32_of(value: u64) -> Result<u32> {
    u32::try_from(value).map_err(|_| GiveUp)
}
