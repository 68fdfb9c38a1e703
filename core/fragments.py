"""Repeated rows rendered with Jinja2: the ledger's 50 rows, my tasks' cards, the
home items' rows.

Django's template language costs a few microseconds per node; a 50-row table
with a form per row cost more than every query of its page (issue 12).
Jinja2 compiles a template to Python and renders the same rows about seven
times faster. Pages stay Django templates; a view renders the rows here and
hands the page the HTML (`{{ rows_html }}`).

A fragment holds no text of its own: makemessages does not read Jinja2
templates, so every label comes in the context, translated by the view
(core.tests.test_fragments checks this).
"""

from typing import Any

from django.db.models import Choices
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment, StrictUndefined

from core.dates import day_label


def environment(**options: Any) -> Environment:
    """The Jinja2 environment of TEMPLATES: autoescaped, undefined names are errors.

    (Django's backend would render a missing value as nothing: a blank cell.)
    """
    options["undefined"] = StrictUndefined
    env = Environment(**options)  # noqa: S701 - Django's backend turns autoescape on
    env.filters["day"] = day_label  # 2026年11月28日, as Django's DATE_FORMAT writes it
    return env


def render_fragment(name: str, context: dict[str, Any], request: HttpRequest) -> SafeString:
    """The rows as HTML for a Django template: Jinja2 has escaped every value.

    `csrf_token` is read once: the backend's own (lazy) token masks the secret
    anew at each use, 32 random characters per form, 50 forms a page.
    """
    context = {**context, "csrf_token": get_token(request)}
    html = get_template(name, using="fragments").render(context)
    return mark_safe(html)  # noqa: S308 - autoescaped by Jinja2


def choice_labels(choices: type[Choices]) -> dict[str, str]:
    """A TextChoices' labels by value, translated once for all rows:
    get_FOO_display() per row normalises the choices again each time."""
    return {value: str(label) for value, label in choices.choices}


class RowUrl:
    """A URL repeated on every row, reversed once: each row's ids are put in after.

    `RowUrl("cases:detail")(42)` is `reverse("cases:detail", args=[42])`; fifty
    rows cost one reverse() instead of fifty.
    """

    MARK = 987654321

    def __init__(self, name: str, arity: int = 1) -> None:
        self._marks = [str(self.MARK + i) for i in range(arity)]
        self._pattern = reverse(name, args=[int(mark) for mark in self._marks])

    def __call__(self, *args: object) -> str:
        url = self._pattern
        for mark, value in zip(self._marks, args, strict=True):
            url = url.replace(mark, str(value))
        return url
