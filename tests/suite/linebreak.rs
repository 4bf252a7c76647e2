//! The line breaker over random Japanese text at many widths: no kinsoku
//! violation, nothing lost, no line wider than the width, numbers with
//! their units whole whenever they fit, overlong runs still broken.

use mokuhyo_typeset::linebreak::{break_lines, no_end, no_start};

/// xorshift64*: a small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Full-width characters measure 1 em, ASCII half.
fn em(c: char) -> f32 {
    if c.is_ascii() { 0.5 } else { 1.0 }
}

fn width(text: &str) -> f32 {
    text.chars().map(em).sum()
}

const WORDS: &[&str] = &[
    "人口",
    "減少",
    "対策",
    "地域",
    "自治",
    "こども",
    "まちづくり",
    "推進",
    "ちょっと",
    "しゅっぱつ",
    "コーディネーター",
    "ワークショップ",
    "キャッシュレス",
    "まにこいん",
    "ホームページ",
    "共生社会",
    "循環型社会",
    "行政",
    "市民",
    "参加",
];
const LATIN: &[&str] = &["SNS", "DX", "SDGs", "ICT", "POP", "dX"];
const AMOUNTS: &[&str] = &[
    "10.0億円",
    "450万件",
    "75％",
    "115組",
    "30人",
    "1,500人",
    "3回",
];
const AFTER: &[&str] = &[
    "、", "。", "・", "ー", "！", "？", "）", "」", "」。", "）、",
];

/// A random paragraph of the kinds of things the documents say.
fn paragraph(rng: &mut Rng) -> (String, Vec<&'static str>) {
    let mut text = String::new();
    let mut amounts = Vec::new();
    let mut after_punctuation = false;
    for _ in 0..rng.below(40) + 5 {
        // Punctuation follows words, as in real text (a run of closing
        // marks longer than a line cannot be set without a violation).
        let kind = rng.below(10);
        let kind = if after_punctuation && kind >= 4 {
            6
        } else {
            kind
        };
        after_punctuation = matches!(kind, 0 | 1 | 4 | 5);
        match kind {
            0 => {
                text.push('「');
                text.push_str(rng.pick(WORDS));
                text.push('」');
            }
            1 => {
                text.push('（');
                text.push_str(rng.pick(WORDS));
                text.push('）');
            }
            2 => text.push_str(rng.pick(LATIN)),
            3 => {
                // After a word: a Latin word and a number are one piece.
                let amount = rng.pick(AMOUNTS);
                text.push_str("目標");
                amounts.push(amount);
                text.push_str(amount);
            }
            4 | 5 => text.push_str(rng.pick(AFTER)),
            _ => text.push_str(rng.pick(WORDS)),
        }
    }
    (text, amounts)
}

#[test]
fn random_japanese_text_at_many_widths_has_no_kinsoku_violation() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut checked = 0;
    for _ in 0..400 {
        let (text, amounts) = paragraph(&mut rng);
        for w in 8..=80 {
            let w = w as f32 / 2.0;
            let lines = break_lines(&text, w, &em);
            let joined: String = lines.concat();
            assert_eq!(joined, text, "text lost at width {w}");
            for line in &lines {
                assert!(
                    width(line) <= w + 1e-3,
                    "{line:?} wider than {w} in {text:?}"
                );
            }
            for pair in lines.windows(2) {
                let last = pair[0].chars().last().unwrap();
                let first = pair[1].chars().next().unwrap();
                assert!(
                    !no_end(last) && !no_start(first),
                    "kinsoku at width {w}: {:?} | {:?}\n{lines:#?}",
                    pair[0],
                    pair[1]
                );
                checked += 1;
            }
            for amount in &amounts {
                // Whole whenever it fits with the punctuation that may
                // follow it (」。 cannot start the next line).
                if width(amount) + 3.0 <= w {
                    let whole: usize = lines.iter().map(|l| l.matches(amount).count()).sum();
                    assert_eq!(
                        whole,
                        text.matches(amount).count(),
                        "{amount} split at width {w}: {lines:#?}"
                    );
                }
            }
        }
    }
    assert!(checked > 50_000, "only {checked} breaks checked");
}

#[test]
fn overlong_runs_break_instead_of_overflowing() {
    let url = "https://www.city.maniwa.lg.jp/soshiki/seisaku/kikaku/index.html";
    for w in [4.0, 7.5, 10.0] {
        let lines = break_lines(url, w, &em);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l) <= w));
        assert_eq!(lines.concat(), url);
    }
    let number = "1234567890123456789012345678901234567890億円";
    let lines = break_lines(number, 6.0, &em);
    assert!(lines.iter().all(|l| width(l) <= 6.0));
}
