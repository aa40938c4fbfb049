#!/usr/bin/env python3
"""Writes assets/latin_words.txt: the Latin names in assets/companies.tsv made only of English
words (`Meta`, `Target`, `Product Hunt`). Such a name written all in lowercase (`meta`,
`target`) is the word, not the company; any other Latin name (`vercel`, `github`) is the
company in lowercase too. Words from SCOWL's american-english list (Debian's wamerican,
/usr/share/dict/words; lowercase entries only — capitalised ones are names).
Run from the repository root: python3 assets/gen_latin_words.py
"""
import re

words = {w.strip() for w in open("/usr/share/dict/words", encoding="utf-8")
         if w.strip().isalpha() and w.strip().islower()}
names = set()
for line in open("assets/companies.tsv", encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    cols = line.rstrip("\n").split("\t")
    cands = cols[:2] + (cols[2].split("|") if len(cols) > 2 else [])
    for n in cands:
        n = n.strip().lstrip("?").strip()
        if n and n.isascii() and any(c.isupper() for c in n):
            parts = re.findall(r"[A-Za-z]+", n)
            if parts and all(p.lower() in words for p in parts):
                names.add(n.lower())
with open("assets/latin_words.txt", "w", encoding="utf-8") as out:
    out.write("# Latin company names that are English words (made by assets/gen_latin_words.py from\n")
    out.write("# SCOWL's american-english word list): all in lowercase they are the word, not the company.\n")
    for n in sorted(names):
        out.write(n + "\n")
