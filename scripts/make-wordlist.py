#!/usr/bin/env python3
"""Derives data/wordlist-no.txt.gz, the compound splitter's dictionary, from Norsk ordbank.

Source: Norsk ordbank (Språkbanken, Nasjonalbiblioteket), CC BY 4.0: the bokmål 2005 and
nynorsk 2012 lemma lists (update of 2022-02-01), one lemma a line.

Kept: lemmas of letters only, 3 to 14 letters after folding (the same fold as
src/search/analyzer.rs: æ→ae, ø→o, å→a, aa→a, accents dropped), minus lemmas that are
themselves two lemmas of 5 or more letters each (with an optional linking s or e): the
splitter finds those parts anyway, and dropping them halves the list.

Usage: scripts/make-wordlist.py DIR  (writes data/wordlist-no.txt.gz)
DIR holds the lemma lists as .txt files, one lemma a line (Norsk ordbank from Språkbanken,
https://www.nb.no/sprakbanken/, resource "Norsk ordbank").
"""
import gzip
import os
import re
import sys

FOLD = {"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o", "ü": "u", "é": "e", "è": "e", "ê": "e", "ë": "e",
        "á": "a", "à": "a", "â": "a", "ó": "o", "ò": "o", "ô": "o", "í": "i", "ì": "i", "î": "i", "ï": "i",
        "ú": "u", "ù": "u", "û": "u", "ç": "c", "ñ": "n"}


def fold(w):
    s = "".join(FOLD.get(c, c) for c in w)
    while "aa" in s:
        s = s.replace("aa", "a")
    return s


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: scripts/make-wordlist.py DIR (a folder of Norsk ordbank lemma lists, one lemma a line)")
    src = sys.argv[1]
    words = set()
    for name in sorted(os.listdir(src)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(src, name), encoding="utf-8") as f:
            for line in f:
                w = fold(line.strip().lower())
                if re.fullmatch("[a-z]{3,14}", w):
                    words.add(w)

    def two_long_lemmas(w):
        for i in range(5, len(w) - 4):
            if w[:i] in words:
                if w[i:] in words and len(w) - i >= 5:
                    return True
                if w[i] in "se" and len(w) - i - 1 >= 5 and w[i + 1:] in words:
                    return True
        return False

    kept = sorted(w for w in words if not two_long_lemmas(w))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "wordlist-no.txt.gz")
    data = ("\n".join(kept) + "\n").encode()
    with open(out, "wb") as f:
        # mtime=0: the same input gives the same bytes.
        with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
            gz.write(data)
    print(f"{len(kept)} words, {len(data)} bytes, {os.path.getsize(out)} bytes gzipped", file=sys.stderr)


if __name__ == "__main__":
    main()
