#!/usr/bin/env python3
"""Writes assets/words.txt, the word list wxr's company detector uses to tell a company name
from the same characters straddling two words (`其中投放` is 其中+投放, not 中投).

Source: jieba 0.42.1's dict.txt (MIT licence, https://github.com/fxsjy/jieba), the
frequencies of a segmented Chinese corpus. Kept: every single Han character, and words of
2-4 Han characters seen at least 100 times, each with its frequency and part-of-speech tag
(n noun, ns place, nr person, v verb, p preposition, r pronoun…). Run once by hand; the output is committed:

    pip download jieba==0.42.1 --no-deps --no-binary :all: && tar xzf jieba-0.42.1.tar.gz
    python3 assets/gen_words.py jieba-0.42.1/jieba/dict.txt > assets/words.txt
"""
import sys

raw = {}
tag = {}
for line in open(sys.argv[1], encoding="utf-8"):
    w, f, t = line.split()
    raw[w] = int(f)
    tag[w] = t
han = lambda w: all("\u4e00" <= c <= "\u9fff" for c in w)
total = sum(raw.values())
kept = sorted(
    ((w, f) for w, f in raw.items() if han(w) and (len(w) == 1 or (len(w) <= 4 and f >= 100))),
    key=lambda x: (-x[1], x[0]),
)
print("# Word frequencies for telling company names from straddled words; made by")
print("# assets/gen_words.py from jieba 0.42.1's dict.txt (MIT licence, github.com/fxsjy/jieba).")
print(f"#total {total}")
for w, f in kept:
    print(f"{w} {f} {tag[w]}")
