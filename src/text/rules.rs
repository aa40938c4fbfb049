//! Character classes for line breaking: the clreq basic prohibition rules (REFERENCE.md §2),
//! tailored where UAX #14 would allow breaks before `· ～ ／ － — •`.

/// Characters that must not start a line (closing punctuation, pauses, stops, middle dots,
/// dashes and ellipses, the ideographic space, and their ASCII forms).
pub fn no_start(c: char) -> bool {
    matches!(
        c,
        '、' | '，'
            | '。'
            | '．'
            | '：'
            | '；'
            | '？'
            | '！'
            | '）'
            | '】'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '〕'
            | '〗'
            | '〙'
            | '〛'
            | '”'
            | '’'
            | '·'
            | '・'
            | '～'
            | '–'
            | '/'
            | '／'
            | '－'
            | '—'
            | '…'
            | '‥'
            | '〜'
            | '］'
            | '｝'
            | '｠'
            | '〞'
            | '〟'
            | '％'
            | '‰'
            | '℃'
            | '々'
            | '〻'
            | 'ー'
            | '゛'
            | '゜'
            | '\u{3000}'
            | ','
            | '.'
            | ':'
            | ';'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '%'
            | '•'
    )
}

/// Characters that must not end a line (opening brackets and quotes).
pub fn no_end(c: char) -> bool {
    matches!(
        c,
        '（' | '【'
            | '「'
            | '『'
            | '《'
            | '〈'
            | '〔'
            | '〖'
            | '〘'
            | '〚'
            | '“'
            | '‘'
            | '［'
            | '｛'
            | '｟'
            | '〝'
            | '('
            | '['
            | '{'
    )
}

/// Narrow punctuation that behaves as CJK for breaking although `unicode-width` gives it one
/// column: curly quotes, dashes, ellipses, middle dots.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '—' | '–' | '…' | '‥' | '·' | '•' | '⸺'
    )
}

/// Pairs never split: `——` and `……` (and the two-em dash) are one unit, and a number keeps
/// its Chinese unit or magnitude (`200亿`, `2019年`, `3.5万`), as typesetters keep them.
pub fn never_split(a: char, b: char) -> bool {
    (a == b && matches!(a, '—' | '…' | '‥' | '⸺'))
        || (a.is_ascii_digit() && NUMBER_UNITS.contains(b))
}

/// Characters that bind to a preceding digit.
const NUMBER_UNITS: &str = "十百千万亿兆元角分块年月日号时点岁倍个次位名家台项件%％";
