"""Jinja2 fragments (core.fragments): escaped, strict, and free of text of their own."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from jinja2 import UndefinedError

from core.fragments import render_fragment

ROOT = Path(settings.BASE_DIR)
FRAGMENTS = sorted(p for p in ROOT.glob("*/jinja2/**/*.html") if ".venv" not in p.parts)


def test_there_are_fragments_to_check():
    assert any(p.name == "ledger_rows.html" for p in FRAGMENTS)


@pytest.mark.parametrize("path", FRAGMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_fragment_holds_no_text_of_its_own(path):
    # makemessages reads Django templates only: a word written in a fragment
    # would never reach the Japanese catalogue. Labels come in the context.
    source = path.read_text()
    for pattern in (r"\{#.*?#\}", r"\{\{.*?\}\}", r"\{%.*?%\}", r"<[^>]*>"):
        source = re.sub(pattern, " ", source, flags=re.S)
    leftover = re.sub(r"[\s\u3000]+", " ", source).strip()
    assert not re.search(r"\w", leftover), f"text outside the context in {path.name}: {leftover!r}"


def test_values_are_escaped_and_the_token_is_the_requests(rf: RequestFactory):
    request = rf.get("/")
    row = {
        "pk": 1,
        "url": "/cases/1/",
        "label": "<script>alert(1)</script>",
        "high_risk": False,
        "age": 17,
        "lead": "A & B",
        "key_worker": "—",
        "status_key": "active",
        "status": "支援中",
        "last_review": "—",
        "manage": True,
        "review_url": "/cases/ledger/1/review/",
        "review_label": "次回の見直し",
        "next_review_iso": "",
        "next_review": "—",
        "due": False,
        "counts": [],
    }
    labels = {"high_risk": "高", "reviewed_today": "本日", "set": "設定", "saved": "保存"}
    html = render_fragment("cases/ledger_rows.html", {"rows": [row], "labels": labels}, request)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A &amp; B" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token and len(token.group(1)) == 64


def test_a_missing_value_is_an_error_not_an_empty_cell(rf: RequestFactory):
    with pytest.raises(UndefinedError):
        render_fragment("cases/ledger_rows.html", {"rows": [{"pk": 1}], "labels": {}}, rf.get("/"))
