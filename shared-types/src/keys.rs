//! Open edX's key forms, so imported courses and third parties recognise
//! them: `course-v1:ORG+NUMBER+RUN` and
//! `block-v1:ORG+NUMBER+RUN+type@TYPE+block@ID`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a key did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError(pub String);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}

/// Org, number and run may hold letters, digits, `_`, `-`, `.` and `~`
/// (Open edX's `ALLOWED_ID_CHARS` without the Unicode letters), 1–64 long.
fn valid_part(part: &str) -> bool {
    !part.is_empty()
        && part.len() <= 64
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '~'))
}

/// A course run: `course-v1:ORG+NUMBER+RUN`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CourseKey {
    pub org: String,
    pub number: String,
    pub run: String,
}

impl CourseKey {
    /// A key from its parts, checked.
    pub fn new(org: &str, number: &str, run: &str) -> Result<CourseKey, KeyError> {
        for (name, part) in [("org", org), ("number", number), ("run", run)] {
            if !valid_part(part) {
                return Err(KeyError(format!(
                    "the course {name} `{part}` must be 1 to 64 letters, digits, `_`, `-`, `.` or `~`"
                )));
            }
        }
        Ok(CourseKey {
            org: org.into(),
            number: number.into(),
            run: run.into(),
        })
    }

    /// The key of a block of this course.
    pub fn block(&self, block_type: &str, block_id: &str) -> Result<BlockKey, KeyError> {
        BlockKey::new(self.clone(), block_type, block_id)
    }
}

impl fmt::Display for CourseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "course-v1:{}+{}+{}", self.org, self.number, self.run)
    }
}

impl FromStr for CourseKey {
    type Err = KeyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let rest = s.strip_prefix("course-v1:").ok_or_else(|| {
            KeyError(format!(
                "`{s}` is not a course key (course-v1:ORG+NUMBER+RUN)"
            ))
        })?;
        let parts: Vec<&str> = rest.split('+').collect();
        match parts.as_slice() {
            [org, number, run] => CourseKey::new(org, number, run),
            _ => Err(KeyError(format!(
                "`{s}` is not a course key (course-v1:ORG+NUMBER+RUN)"
            ))),
        }
    }
}

/// A block of a course run: `block-v1:ORG+NUMBER+RUN+type@TYPE+block@ID`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockKey {
    pub course: CourseKey,
    pub block_type: String,
    pub block_id: String,
}

impl BlockKey {
    /// A key from its parts, checked: the type is lowercase letters, digits,
    /// `_` and `-`; the id as an org part (1–255 long).
    pub fn new(course: CourseKey, block_type: &str, block_id: &str) -> Result<BlockKey, KeyError> {
        let type_ok = !block_type.is_empty()
            && block_type.len() <= 64
            && block_type
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'));
        if !type_ok {
            return Err(KeyError(format!("`{block_type}` is not a block type")));
        }
        let id_ok = !block_id.is_empty()
            && block_id.len() <= 255
            && block_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '~'));
        if !id_ok {
            return Err(KeyError(format!(
                "the block id `{block_id}` must be 1 to 255 letters, digits, `_`, `-`, `.` or `~`"
            )));
        }
        Ok(BlockKey {
            course,
            block_type: block_type.into(),
            block_id: block_id.into(),
        })
    }
}

impl fmt::Display for BlockKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "block-v1:{}+{}+{}+type@{}+block@{}",
            self.course.org, self.course.number, self.course.run, self.block_type, self.block_id
        )
    }
}

impl FromStr for BlockKey {
    type Err = KeyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            KeyError(format!(
                "`{s}` is not a block key (block-v1:ORG+NUMBER+RUN+type@TYPE+block@ID)"
            ))
        };
        let rest = s.strip_prefix("block-v1:").ok_or_else(bad)?;
        let parts: Vec<&str> = rest.split('+').collect();
        match parts.as_slice() {
            [org, number, run, block_type, block_id] => {
                let block_type = block_type.strip_prefix("type@").ok_or_else(bad)?;
                let block_id = block_id.strip_prefix("block@").ok_or_else(bad)?;
                BlockKey::new(CourseKey::new(org, number, run)?, block_type, block_id)
            }
            _ => Err(bad()),
        }
    }
}

macro_rules! string_serde {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

string_serde!(CourseKey);
string_serde!(BlockKey);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn course_keys_round_trip() {
        let key: CourseKey = "course-v1:edX+DemoX+Demo_Course".parse().unwrap();
        assert_eq!(
            (key.org.as_str(), key.number.as_str(), key.run.as_str()),
            ("edX", "DemoX", "Demo_Course")
        );
        assert_eq!(key.to_string(), "course-v1:edX+DemoX+Demo_Course");
        for bad in [
            "edX/DemoX/Demo",
            "course-v1:edX+DemoX",
            "course-v1:edX+Demo X+1",
            "course-v1:++",
            "course-v1:a+b+c+d",
        ] {
            assert!(bad.parse::<CourseKey>().is_err(), "{bad}");
        }
    }

    #[test]
    fn block_keys_round_trip() {
        let s = "block-v1:edX+DemoX+Demo_Course+type@sequential+block@basic_questions";
        let key: BlockKey = s.parse().unwrap();
        assert_eq!(key.block_type, "sequential");
        assert_eq!(key.block_id, "basic_questions");
        assert_eq!(key.course.to_string(), "course-v1:edX+DemoX+Demo_Course");
        assert_eq!(key.to_string(), s);
        for bad in [
            "block-v1:edX+DemoX+Demo_Course+sequential+basic",
            "block-v1:edX+DemoX+type@x+block@y",
            "block-v1:edX+DemoX+Demo+type@Bad Type+block@y",
            "block-v1:edX+DemoX+Demo+type@html+block@",
        ] {
            assert!(bad.parse::<BlockKey>().is_err(), "{bad}");
        }
    }

    #[test]
    fn keys_serialize_as_strings() {
        let key = CourseKey::new("Org", "CS101", "2026").unwrap();
        let block = key.block("html", "intro").unwrap();
        let json = serde_json::to_string(&block).unwrap();
        assert_eq!(json, "\"block-v1:Org+CS101+2026+type@html+block@intro\"");
        assert_eq!(serde_json::from_str::<BlockKey>(&json).unwrap(), block);
        assert!(serde_json::from_str::<CourseKey>("\"nope\"").is_err());
    }
}
