"""Base forms for every app: a required field's message names the field.

Django's own message is 「このフィールドは必須です。」, which on a long form or a
phone leaves the user hunting for the field; the office asked for
「姓を入力してください。」. A message a form or model sets itself is kept.
"""

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
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


class FastSelect(forms.Select):
    """A <select> whose options are joined in Python, not rendered one template each.

    Django renders every <option> through a template: a filter listing a
    thousand agencies took longer than the rest of its page. Flat choices only.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = "" if value in (None, "") else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) == chosen else "", label)
                for key, label in self.choices
            ),
        )
        final = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, final, options)
