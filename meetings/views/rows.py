"""A meeting's agenda as HTML, rendered with Jinja2 (core.fragments).

The meeting page and the agenda builder list up to thirty case items; each
row included two Django templates, which cost more than all the page's
queries (issue 12). The rows are worked out here and printed by
`meetings/jinja2/meetings/agenda_rows.html`; `_item_body.html` stays for the
minutes and the printed agenda. The action items, on the meeting page and the
minutes, likewise (`actions.html`).
"""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.dates import day_label
from core.fragments import RowUrl, choice_labels, render_fragment
from core.templatetags.core_tags import colon
from meetings.models import ActionItem, AgendaItem


def _detail(item: AgendaItem) -> str:
    """Who presents and for how long ("発表者：… ・ 10分")."""
    parts = []
    if item.presenter:
        parts.append(_("Presenter") + colon() + item.presenter.get_full_name())
    if item.planned_minutes:
        parts.append(_("%(n)s min") % {"n": item.planned_minutes})
    return " ・ ".join(parts)


def _row(item: AgendaItem, kinds: dict[str, str], urls: tuple[RowUrl, RowUrl]) -> dict[str, Any]:
    case = item.case if getattr(item, "show_personal", False) else None
    return {
        "pk": item.pk,
        "kind": kinds.get(item.kind, item.kind),
        "heading": item.heading,
        "case_url": case.get_absolute_url() if case else "",
        "name": case.young_person.full_name if case else "",
        "prepared_text": item.prepared_text,
        "detail": _detail(item),
        "move_url": urls[0](item.pk),
        "edit_url": urls[1](item.pk),
    }


def agenda_rows_html(request: HttpRequest, items: list[AgendaItem], *, manage: bool) -> SafeString:
    """The agenda's rows; with `manage`, each with its move and edit buttons.

    `items` come marked by `MeetingView.mark` (`show_personal`)."""
    kinds = choice_labels(AgendaItem.Kind)
    urls = (RowUrl("meetings:item-move"), RowUrl("meetings:item-edit"))
    context = {
        "items": [_row(item, kinds, urls) for item in items],
        "manage": manage,
        "labels": {
            "move_up": _("Move up"),
            "move_down": _("Move down"),
            "edit": _("Edit"),
            "empty": _("No items on the agenda yet."),
        },
    }
    return render_fragment("meetings/agenda_rows.html", context, request)


def _action(action: ActionItem, today: date, done_url: RowUrl) -> dict[str, Any]:
    agency = action.agency.name
    person = action.assignee.get_full_name() if action.assignee else ""
    return {
        "pk": action.pk,
        "what": action.what,
        # 「山田 花子（みどり保健所）」, or the agency alone
        "who": f"{person}（{agency}）" if person else agency,
        "due": _("due by") + colon() + day_label(action.due_on),
        "open": action.is_open,
        "overdue": action.is_overdue(today),
        "done_url": done_url(action.pk),
    }


def actions_html(request: HttpRequest, actions: list[ActionItem]) -> SafeString:
    """A meeting's action items, each with its done / reopen button."""
    today = timezone.localdate()
    done_url = RowUrl("meetings:action-done")
    context = {
        "actions": [_action(action, today, done_url) for action in actions],
        "labels": {
            "overdue": _("Overdue"),
            "done": _("Done"),
            "mark_done": _("Mark done"),
            "reopen": _("Reopen"),
        },
    }
    return render_fragment("meetings/actions.html", context, request)
