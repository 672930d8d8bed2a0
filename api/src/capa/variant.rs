//! The variant of a problem one learner sees, drawn from their seed as Open
//! edX draws it (`MultipleChoiceResponse.late_transforms`): one generator,
//! `random.Random(seed)`, shared by the problem's questions in document
//! order; each multiple-choice question first shuffles a `shuffle="true"`
//! group (fixed choices at the head and tail stay put), then draws its
//! `answer-pool` (one correct choice, then the incorrect ones shuffled and
//! cut to N-1, then the subset shuffled). An answer pool keeps only the
//! solution, in the `<solutionset>` after the question, whose
//! `explanation-id` is the drawn correct choice's.
//!
//! Grading does not depend on the variant: answers name choices, and every
//! correct choice stays correct, shown or not, as in Open edX.

use std::collections::HashMap;

use super::parse::{Choice, Control, Problem, ResponseKind};
use super::pyrandom::PyRandom;

/// How many variants `rerandomize="per_student"` spreads learners over.
pub const PER_STUDENT_BINS: u64 = 20;
/// How many variants `always` and `onreset` draw from.
pub const MAX_SEEDS: u64 = 1000;

/// A learner's seed for a problem with `rerandomize="per_student"`: Open
/// edX's `randomization_bin`, the first 7 hex digits of the SHA-1 of the
/// learner's id followed by the problem's location, modulo 20 bins, so that
/// learners spread over 20 variants, and differently from problem to
/// problem.
pub fn per_student_seed(user_id: i64, location: &str) -> u64 {
    use sha1::{Digest, Sha1};
    let mut hash = Sha1::new();
    hash.update(user_id.to_string().as_bytes());
    hash.update(location.as_bytes());
    let digest = hash.finalize();
    let first7 = (u64::from(digest[0]) << 20)
        | (u64::from(digest[1]) << 12)
        | (u64::from(digest[2]) << 4)
        | (u64::from(digest[3]) >> 4);
    first7 % PER_STUDENT_BINS
}

/// Which choices each choice group shows, in which order, and which
/// solutions are kept.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Variant {
    /// Indices into the group's choices, by (response, input); groups not
    /// listed show every choice in document order.
    orders: HashMap<(usize, usize), Vec<usize>>,
    /// Solutions dropped by an answer pool, by index.
    dropped_solutions: Vec<usize>,
}

impl Variant {
    /// The variant for `seed`; without one, every choice in document order
    /// and every solution (what a course author reviews).
    pub fn draw(problem: &Problem, seed: Option<u64>) -> Variant {
        let Some(seed) = seed else {
            return Variant::default();
        };
        let mut rng: Option<PyRandom> = None;
        let mut variant = Variant::default();
        for (r, response) in problem.responses.iter().enumerate() {
            if !matches!(response.kind, ResponseKind::MultipleChoice) {
                continue;
            }
            for (i, input) in response.inputs.iter().enumerate() {
                let Control::Choices {
                    shuffle,
                    answer_pool,
                    choices,
                    ..
                } = &input.control
                else {
                    continue;
                };
                if *shuffle {
                    let rng = rng.get_or_insert_with(|| PyRandom::new(seed as i64));
                    variant.orders.insert((r, i), shuffled(choices, rng));
                } else if let Some(size) = answer_pool {
                    let rng = rng.get_or_insert_with(|| PyRandom::new(seed as i64));
                    let (drawn, explained) = pooled(choices, *size, rng);
                    variant.orders.insert((r, i), drawn);
                    if let Some(set) = response.solution_set {
                        variant.dropped_solutions.extend(
                            problem
                                .solutions
                                .iter()
                                .enumerate()
                                .filter(|(_, s)| {
                                    s.set == Some(set) && s.explanation_id.as_deref() != explained
                                })
                                .map(|(k, _)| k),
                        );
                    }
                }
            }
        }
        variant
    }

    /// The choices of a group as shown.
    pub fn choices<'a>(
        &self,
        response: usize,
        input: usize,
        choices: &'a [Choice],
    ) -> Vec<&'a Choice> {
        match self.orders.get(&(response, input)) {
            Some(order) => order.iter().filter_map(|&k| choices.get(k)).collect(),
            None => choices.iter().collect(),
        }
    }

    /// Whether the problem's `index`-th solution is shown.
    pub fn shows_solution(&self, index: usize) -> bool {
        !self.dropped_solutions.contains(&index)
    }
}

/// Open edX's `shuffle_choices`: fixed choices at the head stay first, fixed
/// choices after that go last, the rest is shuffled.
fn shuffled(choices: &[Choice], rng: &mut PyRandom) -> Vec<usize> {
    let head = choices.iter().take_while(|c| c.fixed).count();
    let mut middle: Vec<usize> = (head..choices.len())
        .filter(|&k| !choices[k].fixed)
        .collect();
    let tail: Vec<usize> = (head..choices.len())
        .filter(|&k| choices[k].fixed)
        .collect();
    rng.shuffle(&mut middle);
    (0..head).chain(middle).chain(tail).collect()
}

/// Open edX's `sample_from_answer_pool`: the shown choices, and the
/// `explanation-id` of the correct one drawn.
fn pooled<'a>(
    choices: &'a [Choice],
    size: usize,
    rng: &mut PyRandom,
) -> (Vec<usize>, Option<&'a str>) {
    let (correct, mut incorrect): (Vec<usize>, Vec<usize>) =
        (0..choices.len()).partition(|&k| choices[k].is_correct());
    if correct.is_empty() {
        // Refused when the problem is read; nothing to draw from.
        return ((0..choices.len()).collect(), None);
    }
    let keep = size.saturating_sub(1).min(incorrect.len());
    let chosen = correct[rng.randint(0, correct.len() - 1)];
    rng.shuffle(&mut incorrect);
    let mut subset = vec![chosen];
    subset.extend_from_slice(&incorrect[..keep]);
    rng.shuffle(&mut subset);
    (subset, choices[chosen].explanation_id.as_deref())
}

#[cfg(test)]
mod tests {
    use crate::capa::render::render_seeded;
    use shared_types::ProblemPart;

    fn labels(xml: &str, seed: u64) -> Vec<String> {
        render_seeded(xml, seed)
            .unwrap()
            .parts
            .into_iter()
            .filter_map(|part| match part {
                ProblemPart::Input(input) => Some(input.choices),
                _ => None,
            })
            .flatten()
            .map(|c| c.label)
            .collect()
    }

    // Open edX's own answer-pool example (test_answer_pool.py, whose seed
    // 723 shows wrong-3, correct-2, wrong-2, wrong-4). The expected orders
    // here were computed by Open edX's algorithm on the `random2` package it
    // draws with.
    const POOL: &str = r#"<problem>
<p>What is the correct answer?</p>
<multiplechoiceresponse>
  <choicegroup type="MultipleChoice" answer-pool="4">
    <choice correct="false">wrong-1</choice>
    <choice correct="false">wrong-2</choice>
    <choice correct="true" explanation-id="solution1">correct-1</choice>
    <choice correct="false">wrong-3</choice>
    <choice correct="false">wrong-4</choice>
    <choice correct="true" explanation-id="solution2">correct-2</choice>
  </choicegroup>
</multiplechoiceresponse>
<solutionset>
  <solution explanation-id="solution1"><p>This is the 1st solution</p></solution>
  <solution explanation-id="solution2"><p>This is the 2nd solution</p></solution>
</solutionset>
</problem>"#;

    #[test]
    fn an_answer_pool_shows_what_open_edx_shows_for_the_seed() {
        for (seed, expected) in POOL_DRAWS {
            assert_eq!(labels(POOL, *seed), *expected, "seed {seed}");
        }
    }

    #[test]
    fn an_answer_pool_keeps_the_solution_of_the_correct_choice_drawn() {
        for (seed, expected) in POOL_DRAWS {
            let revealed = crate::capa::answers_seeded(POOL, *seed).unwrap();
            let solution = revealed.solution.unwrap();
            let shown_correct = if expected.contains(&"correct-1") {
                "1st"
            } else {
                "2nd"
            };
            assert!(solution.contains(shown_correct), "seed {seed}: {solution}");
            assert_eq!(solution.matches("solution</p>").count(), 1, "seed {seed}");
        }
        // Unseeded (a course author's view): everything.
        let all = crate::capa::answers(POOL).unwrap().solution.unwrap();
        assert!(all.contains("1st") && all.contains("2nd"));
    }

    #[test]
    fn shuffling_matches_open_edx_for_the_seed() {
        let xml = r#"<problem><multiplechoiceresponse>
  <choicegroup type="MultipleChoice" shuffle="true">
    <choice correct="false" fixed="true">Head</choice>
    <choice correct="false">Apple</choice>
    <choice correct="false">Banana</choice>
    <choice correct="true">Chocolate</choice>
    <choice correct="false">Donut</choice>
    <choice correct="false" fixed="true">Tail</choice>
  </choicegroup>
</multiplechoiceresponse></problem>"#;
        for (seed, expected) in SHUFFLE_DRAWS {
            assert_eq!(labels(xml, *seed), *expected, "seed {seed}");
        }
    }

    #[test]
    fn two_questions_share_one_generator() {
        let xml = r#"<problem>
<multiplechoiceresponse><choicegroup shuffle="true">
  <choice correct="true">a1</choice><choice correct="false">a2</choice><choice correct="false">a3</choice>
</choicegroup></multiplechoiceresponse>
<multiplechoiceresponse><choicegroup shuffle="true">
  <choice correct="true">b1</choice><choice correct="false">b2</choice><choice correct="false">b3</choice>
</choicegroup></multiplechoiceresponse>
</problem>"#;
        for (seed, expected) in SHARED_DRAWS {
            assert_eq!(labels(xml, *seed), *expected, "seed {seed}");
        }
    }

    #[test]
    fn per_student_seeds_are_open_edx_bins() {
        // hashlib.sha1(b"42" + b"block-v1:A+B+C+type@problem+block@p1").hexdigest()[:7]
        assert_eq!(
            super::per_student_seed(42, "block-v1:A+B+C+type@problem+block@p1"),
            PER_STUDENT_42
        );
        let seeds: std::collections::HashSet<u64> = (0..200)
            .map(|user| super::per_student_seed(user, "block-v1:A+B+C+type@problem+block@p1"))
            .collect();
        assert!(seeds.iter().all(|s| *s < super::PER_STUDENT_BINS));
        assert!(seeds.len() > 10, "learners spread over the bins: {seeds:?}");
    }

    #[test]
    fn answer_pools_open_edx_refuses_are_refused() {
        let group = |attrs: &str, choices: &str| {
            format!(
                r#"<problem><multiplechoiceresponse><choicegroup {attrs}>{choices}</choicegroup></multiplechoiceresponse></problem>"#
            )
        };
        let mixed = r#"<choice correct="true">a</choice><choice correct="false">b</choice>"#;
        for (xml, why) in [
            (
                group(r#"answer-pool="2" shuffle="true""#, mixed),
                "shuffle and answer-pool",
            ),
            (group(r#"answer-pool="two""#, mixed), "whole number"),
            (
                group(r#"answer-pool="2""#, r#"<choice correct="true">a</choice>"#),
                "at least 1 correct and 1 incorrect",
            ),
        ] {
            let err = render_seeded(&xml, 1).unwrap_err().to_string();
            assert!(err.contains(why), "{err}");
        }
        // "0" turns the pool off.
        let off = group(r#"answer-pool="0""#, mixed);
        assert_eq!(labels(&off, 3), ["a", "b"]);
    }

    const PER_STUDENT_42: u64 = 18;
    const POOL_DRAWS: &[(u64, &[&str])] = &[
        (1, &["correct-1", "wrong-1", "wrong-3", "wrong-2"]),
        (2, &["correct-2", "wrong-2", "wrong-3", "wrong-1"]),
        (3, &["wrong-1", "wrong-2", "correct-1", "wrong-4"]),
        (7, &["wrong-2", "correct-1", "wrong-3", "wrong-4"]),
        (42, &["correct-2", "wrong-2", "wrong-4", "wrong-3"]),
        (723, &["wrong-3", "correct-2", "wrong-2", "wrong-4"]),
        (999, &["wrong-2", "wrong-3", "correct-2", "wrong-4"]),
    ];
    const SHUFFLE_DRAWS: &[(u64, &[&str])] = &[
        (
            1,
            &["Head", "Donut", "Banana", "Chocolate", "Apple", "Tail"],
        ),
        (
            2,
            &["Head", "Banana", "Apple", "Chocolate", "Donut", "Tail"],
        ),
        (
            3,
            &["Head", "Chocolate", "Donut", "Banana", "Apple", "Tail"],
        ),
        (
            7,
            &["Head", "Chocolate", "Donut", "Apple", "Banana", "Tail"],
        ),
        (
            42,
            &["Head", "Banana", "Donut", "Apple", "Chocolate", "Tail"],
        ),
        (
            723,
            &["Head", "Banana", "Donut", "Apple", "Chocolate", "Tail"],
        ),
        (
            999,
            &["Head", "Chocolate", "Banana", "Apple", "Donut", "Tail"],
        ),
    ];
    const SHARED_DRAWS: &[(u64, &[&str])] = &[
        (1, &["a3", "a2", "a1", "b2", "b1", "b3"]),
        (5, &["a1", "a3", "a2", "b1", "b2", "b3"]),
        (42, &["a3", "a1", "a2", "b2", "b3", "b1"]),
        (500, &["a1", "a2", "a3", "b3", "b1", "b2"]),
    ];
}
