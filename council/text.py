"""Text helpers for Japanese search: one normal form for names and queries."""

import re
import unicodedata

import jaconv

_SPACES = re.compile(r"\s+")
_KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\u30fb\s]*$")


def search_normalize(text: str) -> str:
    """Fold the differences people do not care about when they search.

    1. NFKC: full-width Latin and digits become half-width, half-width
       katakana becomes full-width (ﾐﾄﾞﾘ -> ミドリ).
    2. Hiragana becomes katakana, so みどり and ミドリ match.
    3. Lower case, and no white space at all (みどり 市 == みどり市).
    """
    folded = unicodedata.normalize("NFKC", text or "")
    folded = jaconv.hira2kata(folded).lower()
    return _SPACES.sub("", folded)


def search_terms(query: str) -> list[str]:
    """Split a query on (full- or half-width) spaces into normalised terms."""
    return [t for t in (search_normalize(part) for part in (query or "").split()) if t]


def to_katakana(text: str) -> str:
    """A kana reading as stored: full-width katakana, single spaces."""
    folded = unicodedata.normalize("NFKC", text or "").strip()
    return _SPACES.sub(" ", jaconv.hira2kata(folded))


def is_kana(text: str) -> bool:
    """True when `text` holds only kana, the prolonged-sound mark and spaces."""
    return bool(_KANA.match(unicodedata.normalize("NFKC", text or "")))
