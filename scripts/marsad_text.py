"""Shared helpers for marsad's data scripts (stdlib only).

Arabic clean-up used by every script that writes data/*.tsv: the knowledge
base stores unvocalized Arabic without tatweel or direction marks, so the
matcher compares plain letters.
"""

import re

# Harakat, shadda, sukun, superscript alef, Quranic annotation marks,
# tatweel, and invisible direction / joiner marks.
_STRIP = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
    "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_SPACES = re.compile(r"\s+")
# Letters used by Persian, Urdu, Kurdish, Pashto ... but not by Arabic.
# An alias containing one of them never matches Arabic news text.
NON_ARABIC_LETTERS = set(
    "\u067e\u0686\u0698\u06a9\u06af\u06cc\u06d2\u06d3\u0679\u0688\u0691"
    "\u06ba\u06be\u06c1\u06c3\u06d5\u06c6\u06c7\u06c8\u06cb\u06d0\u06b5"
    "\u06ce\u0695\u06a4\u06ad\u0685\u0681\u0689\u0693\u0696\u069a\u06bc"
    "\u06cd\u0672\u0675\u0674"
)
ARABIC_RANGE = re.compile("[\u0600-\u06ff]")
LATIN = re.compile("[A-Za-z]")


def clean_ar(text):
    """Strip vocalization, tatweel and direction marks; squeeze spaces."""
    text = _STRIP.sub("", text or "")
    return _SPACES.sub(" ", text).strip()


def is_arabic_name(text):
    """True if text is written in Arabic letters only (no Persian/Urdu
    letters, no Latin)."""
    if not text or not ARABIC_RANGE.search(text):
        return False
    if LATIN.search(text):
        return False
    return not any(ch in NON_ARABIC_LETTERS for ch in text)


def clean_field(text):
    """A TSV field: no tabs or newlines, no surrounding spaces."""
    return _SPACES.sub(" ", (text or "").replace("\t", " ")).strip()
