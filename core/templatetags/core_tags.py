from datetime import date, datetime

from django import template
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import get_language

from core.dates import fiscal_year_label, wareki_with_western

register = template.Library()


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
