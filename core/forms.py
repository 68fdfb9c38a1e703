"""Base forms for every app: a required field's message names the field.

Django's own message is 「このフィールドは必須です。」, which on a long form or a
phone leaves the user hunting for the field; the office asked for
「姓を入力してください。」. A message a form or model sets itself is kept.
"""

from collections.abc import Callable
from functools import lru_cache
from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_GENERIC = forms.Field.default_error_messages["required"]
_CHOSEN = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.FileField)


def name_required_messages(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        if str(field.error_messages.get("required", "")) != str(_GENERIC):
            continue
        label = field.label or name
        if isinstance(field, _CHOSEN):
            message = _("Choose %(field)s.") % {"field": label}
        else:
            message = _("Enter %(field)s.") % {"field": label}
        field.error_messages = {**field.error_messages, "required": message}


class Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_required_messages(self)


class ModelForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_required_messages(self)


@lru_cache(maxsize=32)
def _options(language: str | None, pairs: tuple[tuple[Any, Any], ...]) -> str:
    """The <option>s of a select, none chosen, joined once per list and language.

    The standard library's escape: Django's format_html per option cost more
    than the rest of the page for a thousand options; kept, because the same
    thousand agencies are listed on every ledger page (1.5 ms a page).
    """
    return "".join(
        f'<option value="{escape(str(key))}">{escape(str(label))}</option>' for key, label in pairs
    )


class FastSelect(forms.Select):
    # Flat (value, label) pairs, set directly: assigning `choices` would make
    # Django normalise each of them on every form. A callable is called only
    # when the select is rendered: a form that is only validated (an export's
    # filters) reads no options.
    pairs: list[tuple[Any, str]] | Callable[[], list[tuple[Any, str]]] = []

    """A <select> whose options are joined in Python, not rendered one template each.

    Django renders every <option> through a template: a filter listing a
    thousand agencies took longer than the rest of its page. Flat choices only.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        pairs = self.pairs() if callable(self.pairs) else self.pairs
        options = _options(get_language(), tuple(pairs or self.choices))
        if value not in (None, ""):
            # values are unique in a select: mark the one chosen
            opening = f'<option value="{escape(str(value))}">'
            options = options.replace(opening, f"{opening[:-1]} selected>", 1)
        final = flatatt(self.build_attrs(self.attrs, attrs))
        safe_options = mark_safe(options)  # noqa: S308 - every value escaped above
        return format_html('<select name="{}"{}>{}</select>', name, final, safe_options)
