"""Reads of the agency registry that views share."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from agencies.models import Agency, Service
from core.text import search_terms


def directory_search(
    *,
    query: str = "",
    sector_id: int | None = None,
    approach: str = "",
    council_role: str = "",
) -> QuerySet[Agency]:
    """Active agencies matching a free-text query and the directory's filters.

    Every term must appear in the agency's folded name-and-kana key, so that
    "みどり", "ミドリ" and "ﾐﾄﾞﾘ" all find みどり市 (core.text).
    """
    qs = Agency.objects.active().select_related("sector")
    for term in search_terms(query):
        qs = qs.filter(search_key__contains=term)
    if sector_id:
        qs = qs.filter(sector_id=sector_id)
    if council_role:
        qs = qs.filter(council_role=council_role)
    if approach:
        offers = Service.objects.filter(agency=OuterRef("pk"), approach=approach, is_active=True)
        qs = qs.filter(Exists(offers))
    return qs.order_by("name_kana", "name")


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
