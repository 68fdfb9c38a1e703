import pytest

from core.text import is_kana, search_normalize, search_terms, to_katakana


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("みどり", "ミドリ"),  # hiragana finds katakana
        ("ﾐﾄﾞﾘ", "ミドリ"),  # half-width katakana with a voiced mark
        ("ＮＰＯ", "npo"),  # full-width Latin, any case
        ("みどり　市", "ミドリ市"),  # ideographic space
    ],
)
def test_search_normalize_folds_kana_and_width(typed, stored):
    assert search_normalize(typed) == search_normalize(stored)


def test_search_terms_split_on_any_space():
    assert search_terms("みどり　ハローワーク  ") == ["ミドリ", "ハローワーク"]


def test_to_katakana_and_is_kana():
    assert to_katakana("やまだ　はなこ") == "ヤマダ ハナコ"
    assert is_kana("ヤマダ ハナコー")
    assert not is_kana("山田")
