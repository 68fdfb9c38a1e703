"""Text helpers for Japanese search: one normal form for names and queries."""

import re
import unicodedata
from typing import Any

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


class SearchKeyMixin:
    """Keeps a model's `search_key` column in step with `search_text()` on every save.

    For models with a `search_key` field searched with `search_terms`; the key
    is added to `update_fields` so partial saves keep it current too.
    """

    search_key: str

    def search_text(self) -> str:
        raise NotImplementedError

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = search_normalize(self.search_text())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)  # type: ignore[misc]
