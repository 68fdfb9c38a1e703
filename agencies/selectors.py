"""Reads of the agency registry that views share."""

from django.core.cache import cache
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from accounts.models import User
from agencies.models import Agency, SearchSynonym, Service
from core.text import search_normalize, search_terms


def directory_search(
    *,
    query: str = "",
    sector_id: int | None = None,
    approach: str = "",
    council_role: str = "",
) -> QuerySet[Agency]:
    """Active agencies matching a free-text query and the directory's filters.

    Every term must appear in the agency's name (folded, so that "みどり",
    "ミドリ" and "ﾐﾄﾞﾘ" all find みどり市, core.text) or in what it does: its
    roles and its services. A term that is a known short name (サポステ, 児相)
    also finds the words it stands for (SearchSynonym). Name matches come first.
    """
    qs = Agency.objects.active().select_related("sector")
    terms = search_terms(query)
    groups = synonym_groups() if terms else []
    in_name = Q()
    for term in terms:
        words = _same_as(term, groups)
        named = Q()
        anywhere = Q()
        for word in words:
            named |= Q(search_key__contains=word)
            anywhere |= Q(search_key__contains=word) | Q(content_key__contains=word)
        qs = qs.filter(anywhere)
        in_name &= named
    if sector_id:
        qs = qs.filter(sector_id=sector_id)
    if council_role:
        qs = qs.filter(council_role=council_role)
    if approach:
        offers = Service.objects.filter(agency=OuterRef("pk"), approach=approach, is_active=True)
        qs = qs.filter(Exists(offers))
    if terms:
        # name matches first (an ordering expression: no extra column)
        first = Case(When(in_name, then=Value(0)), default=Value(1), output_field=IntegerField())
        return qs.order_by(first, "name_kana", "name")
    return qs.order_by("name_kana", "name")


def synonym_groups() -> list[set[str]]:
    """Each synonym group as folded words (one query; the table holds tens of rows)."""
    return [
        {search_normalize(word) for word in synonym.word_list()}
        for synonym in SearchSynonym.objects.all()
    ]


def _same_as(term: str, groups: list[set[str]]) -> set[str]:
    found = {term}
    for group in groups:
        if term in group:
            found |= group
    return found


def agency_for_page(pk: int) -> Agency:
    """An active agency with its active services and people (three queries)."""
    qs = (
        Agency.objects.active()
        .select_related("sector")
        .prefetch_related(
            Prefetch("services", queryset=Service.objects.filter(is_active=True)),
            Prefetch(
                "people",
                queryset=User.objects.filter(is_active=True).order_by(
                    "role", "family_name_kana", "given_name_kana"
                ),
            ),
        )
    )
    return get_object_or_404(qs, pk=pk)


def active_agency_count() -> int:
    """How many member agencies the directory holds (the home's shortcut card):
    the registry changes a few times a year, so it is counted every ten minutes."""
    count = cache.get("agencies:active-count")
    if count is None:
        count = Agency.objects.active().count()
        cache.set("agencies:active-count", count, 600)
    return int(count)


def active_agency_choices() -> list[tuple[int, str]]:
    """(id, name) of the active agencies in reading order, for list filters.

    A prefecture lists a thousand agencies: the ledger read and built them on
    every page (2 ms of about 25). The registry changes a few times a year, so
    the list is kept a minute; a new agency shows in the filters within it.
    """
    choices = cache.get("agencies:active-choices")
    if choices is None:
        rows = Agency.objects.active().order_by("name_kana", "name").values_list("pk", "name")
        choices = list(rows)
        cache.set("agencies:active-choices", choices, 60)
    return choices  # type: ignore[no-any-return]


def active_agency_options() -> list[tuple[int | str, str]]:
    """`active_agency_choices` after a blank choice, for a FastSelect's options."""
    return [("", "---------"), *active_agency_choices()]
