//! How often each byte occurs in Chinese article text, for `memmem`'s choice of the two
//! bytes of a term it looks for first. Its built-in table is made for English and code:
//! there every byte of a UTF-8 Chinese character is rare, so it would pick lead bytes such
//! as 0xE5 that are in every third byte of a Chinese text, and check nearly everywhere.
//! This table ranks bytes by their count in the real articles of `../shared/corpus` and the
//! seed (1.3 MB of text, 2026-12-01; 0 = rarest, 255 = commonest), so it picks bytes that
//! are rare in such text.

/// The rank of each byte value.
#[rustfmt::skip]
pub const RANK: [u8; 256] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 242, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
    197, 93, 135, 98, 101, 123, 86, 122, 115, 117, 90, 107, 126, 159, 168, 167,
    181, 178, 177, 161, 157, 155, 154, 152, 153, 156, 145, 118, 116, 142, 119, 92,
    105, 151, 124, 138, 128, 144, 111, 133, 113, 147, 99, 106, 129, 132, 127, 134,
    146, 88, 120, 143, 149, 112, 121, 114, 95, 97, 89, 102, 91, 100, 31, 139,
    87, 175, 148, 166, 163, 184, 141, 150, 165, 171, 125, 140, 162, 160, 170, 173,
    164, 109, 176, 172, 174, 158, 131, 137, 130, 136, 108, 103, 110, 104, 94, 32,
    250, 232, 235, 200, 238, 221, 219, 223, 239, 224, 212, 213, 248, 229, 225, 234,
    216, 222, 179, 188, 205, 191, 202, 209, 220, 215, 243, 214, 241, 207, 187, 210,
    206, 196, 192, 186, 218, 233, 199, 203, 217, 182, 195, 190, 194, 208, 227, 237,
    228, 193, 183, 189, 204, 185, 198, 201, 247, 230, 246, 240, 249, 236, 211, 231,
    33, 34, 169, 84, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46,
    47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62,
    63, 64, 180, 226, 253, 255, 254, 252, 251, 245, 65, 66, 67, 68, 85, 244,
    96, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83,
];

/// [`RANK`] as `memchr`'s heuristic.
#[derive(Debug, Clone, Copy)]
pub struct ChineseText;

impl memchr::arch::all::packedpair::HeuristicFrequencyRank for ChineseText {
    fn rank(&self, byte: u8) -> u8 {
        RANK[usize::from(byte)]
    }
}
