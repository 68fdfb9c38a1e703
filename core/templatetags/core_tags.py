from datetime import date, datetime
from functools import cache

from django import forms, template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.forms import BoundField
from django.forms.utils import ErrorList
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from core.dates import fiscal_year_label, wareki_with_western

register = template.Library()


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% url name %}` for a URL without arguments, reversed once per process: the
    navigation's twenty links are the same on every page (issue 12)."""
    return _fixed_url(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@cache
def _fixed_url(name: str, prefix: str, urlconf: object) -> str:
    return reverse(name)


@register.simple_tag(takes_context=True)
def query_replace(context: template.Context, **kwargs: object) -> str:
    """The current query string with some parameters replaced (keeps filters on paging)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return str(query.urlencode())


@register.filter
def elided_pages(paginator: Paginator, number: int) -> list[object]:
    return list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    """`mapping|get_item:key` for dictionaries keyed by a variable."""
    return mapping.get(key, "")


@register.filter
def model_name(content_type: ContentType) -> str:
    """The translated verbose name of a content type's model."""
    model = content_type.model_class()
    return str(model._meta.verbose_name) if model else content_type.model


@register.filter(name="wareki")
def wareki_filter(value: object) -> str:
    """A date as 令和8年11月28日（2026年）, for printed pages (empty for no date)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return wareki_with_western(value) if isinstance(value, date) else ""


@register.simple_tag
def colon() -> str:
    """The label separator: a full-width colon in Japanese text, ": " in English."""
    return "：" if (get_language() or "ja").startswith("ja") else ": "


@register.filter(name="fiscal_year")
def fiscal_year_filter(value: object) -> str:
    """A fiscal year as 令和8年度（2026年度）."""
    return fiscal_year_label(value) if isinstance(value, int) else ""


@register.simple_tag
def filter_field(field: BoundField) -> SafeString:
    """A list filter's field with Bootstrap's classes, written without a template.

    For the filter bars of the lists that must stay fast at prefecture scale
    (issue 12): crispy's field template cost several milliseconds per page.
    Labels, ids, error text and aria-invalid as crispy renders them.
    """
    return _field(field, mark_required=False)


@register.simple_tag
def fast_form(form: forms.BaseForm) -> SafeString:
    """A whole form as `{{ form|crispy }}` writes it (errors, required marks, help
    text), without a template per field: for forms on the busiest pages (the
    minutes, the agenda builder), where crispy's templates cost 1-2 ms a field."""
    parts = [_non_field_errors(form)]
    parts += [SafeString(str(field)) for field in form.hidden_fields()]
    parts += [_field(field, mark_required=True) for field in form.visible_fields()]
    return SafeString("".join(parts))


def _non_field_errors(form: forms.BaseForm) -> SafeString:
    errors = form.non_field_errors()
    if not errors:
        return SafeString("")
    return format_html(
        '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
        format_html_join("", "<li>{}</li>", ((e,) for e in errors)),
    )


def _field(field: BoundField, *, mark_required: bool) -> SafeString:
    widget = field.field.widget
    errors = field.errors
    attrs: dict[str, str | bool] = {}
    if errors:
        attrs["aria-invalid"] = "true"
    help_text = field.help_text
    if help_text:
        attrs["aria-describedby"] = f"hint_{field.auto_id}"
    label = field.label
    if mark_required and field.field.required:
        label = format_html('{}<span class="asteriskField">*</span>', label)
    hint = (
        format_html('<div id="hint_{}" class="form-text">{}</div>', field.auto_id, help_text)
        if help_text
        else ""
    )
    if isinstance(widget, forms.CheckboxInput):
        attrs["class"] = "form-check-input" + (" is-invalid" if errors else "")
        return format_html(
            '<div class="mb-3"><div class="form-check">{}'
            '<label for="{}" class="form-check-label">{}</label>{}{}</div></div>',
            field.as_widget(attrs=attrs),
            field.id_for_label,
            label,
            _errors(errors),
            hint,
        )
    base = "form-select" if isinstance(widget, forms.Select) else "form-control"
    attrs["class"] = base + (" is-invalid" if errors else "")
    return format_html(
        '<div class="mb-3"><label for="{}" class="form-label">{}</label>{}{}{}</div>',
        field.id_for_label,
        label,
        field.as_widget(attrs=attrs),
        _errors(errors),
        hint,
    )


def _errors(errors: ErrorList) -> SafeString:
    return format_html_join(
        "", '<div class="invalid-feedback"><strong>{}</strong></div>', ((e,) for e in errors)
    )
