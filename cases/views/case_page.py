"""The case page's own sections as HTML, rendered with Jinja2 (core.fragments).

The page (cases/detail.html) stays a Django template for its frame and for
the panels other apps add; its header, main column and the person and team
beside it were two thirds of its rendering time in Django's template
language: a few microseconds per node, thousands of nodes (issue 12). The
view works out every value and label here; the fragments only print them.
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cases.models import Case, CaseTeamMember, PlanGoal, PlanTask
from core.dates import day_label
from core.fragments import RowUrl, choice_labels, render_fragment
from core.templatetags.core_tags import colon


def _labels() -> dict[str, str]:
    """Every text the fragments print, translated for the request's language."""
    return {
        "breadcrumb": _("Breadcrumb"),
        "cases": _("Cases"),
        "case": _("Case"),
        "risk": _("Risk") + colon(),
        "no_consent": _("No consent to share"),
        "record_contact": _("Record a contact"),
        "face_sheet": _("Face sheet"),
        "case_actions": _("Case actions"),
        "edit_case": _("Edit case details"),
        "lead": _("Lead agency and key worker"),
        "move_to": _("Move to"),
        "close": _("Close the case…"),
        "reopen": _("Reopen the case"),
        "history": _("Who viewed or changed this case"),
        "summary": _("Summary"),
        "no_summary": _("No summary recorded yet."),
        "opened_on": _("Opened on"),
        "referral_source": _("Referral source"),
        "last_review": _("Last review"),
        "next_review": _("Next review"),
        "closed": _("Closed"),
        "support_plan": _("Support plan"),
        "edit_policy": _("Edit policy"),
        "add_goal": _("Add a goal"),
        "add_task": _("Add a task"),
        "no_policy": _("No support policy agreed yet."),
        "plan_review": _("Plan review date") + colon(),
        "goals": _("Goals"),
        "no_goals": _("No goals yet."),
        "mark_not_achieved": _("Mark not achieved"),
        "mark_achieved": _("Mark achieved"),
        "tasks_heading": _("Tasks (who does what by when)"),
        "task": _("Task"),
        "agency": _("Agency"),
        "due": _("Due"),
        "status": _("Status"),
        "edit": _("Edit"),
        "overdue": _("Overdue"),
        "save": _("Save"),
        "no_tasks": _("No tasks yet."),
        "contact_record": _("Contact record"),
        "young_person": _("Young person"),
        "age": _("Age"),
        "yrs": _("yrs"),
        "gender": _("Gender"),
        "school_or_work": _("School or work"),
        "consent": _("Consent"),
        "person_link": _("Personal details and other cases"),
        "case_team": _("Case team"),
        "add_agency": _("Add an agency"),
        "lead_badge": _("Lead"),
        "no_practitioner": _("No named practitioner"),
        "edit_role": _("Edit role"),
        "remove": _("Remove"),
        "former_team": _("Former team members"),
    }


def _goal(goal: PlanGoal, url: RowUrl, case_pk: int) -> dict[str, Any]:
    achieved = (
        _("achieved %(day)s") % {"day": day_label(goal.achieved_on)} if goal.achieved_on else ""
    )
    return {"text": goal.text, "achieved": achieved, "url": url(case_pk, goal.pk)}


def _task(
    task: PlanTask, *, case_pk: int, markable: bool, urls: dict[str, RowUrl], statuses: Any
) -> dict[str, Any]:
    return {
        "pk": task.pk,
        "description": task.description,
        "goal": str(task.goal) if task.goal else "",
        "agency": str(task.agency) if task.agency else "",
        "assignee": task.assignee.get_full_name() if task.assignee else "",
        "due": day_label(task.due_on, ""),
        "overdue": task.is_overdue(),
        "status": task.status,
        "status_label": statuses.get(task.status, task.status),
        "markable": markable,
        "edit_url": urls["edit"](case_pk, task.pk),
        "status_url": urls["status"](case_pk, task.pk),
    }


def _member(member: CaseTeamMember, case: Case, urls: dict[str, RowUrl]) -> dict[str, Any]:
    people = [
        p.get_full_name() + ("（" + _("key worker") + "）" if p.pk == case.key_worker_id else "")
        for p in member.practitioners.all()
    ]
    return {
        "agency": str(member.agency),
        "is_lead": member.agency_id == case.lead_agency_id,
        "role_text": member.role_text,
        "people": "、".join(people),
        "edit_url": urls["team_edit"](case.pk, member.pk),
        "remove_url": urls["team_remove"](case.pk, member.pk),
    }


def _case_values(case: Case) -> dict[str, Any]:
    person = case.young_person
    consent = (
        _("Given on %(day)s") % {"day": day_label(person.consent_date, "")}
        if person.consent_to_share
        else _("Not given")
    )
    source = case.get_referral_source_display()
    if case.referral_source_agency:
        source += f"（{case.referral_source_agency}）"
    if case.referral_source_note:
        source += f" — {case.referral_source_note}"
    closed = ""
    if not case.is_open:
        reason = case.get_closure_reason_display()
        if case.closure_note:
            reason += colon() + case.closure_note
        closed = f"{day_label(case.closed_on, '')}（{reason}）"
    return {
        "pk": case.pk,
        "number": case.number,
        "status": case.status,
        "status_label": case.get_status_display(),
        "risk_level": case.risk_level,
        "risk_label": case.get_risk_level_display(),
        "is_open": case.is_open,
        "summary": case.summary,
        "opened_on": day_label(case.opened_on, ""),
        "source": source,
        "last_review": day_label(case.last_reviewed_on),
        "next_review": day_label(case.next_review_on),
        "closed": closed,
        "policy": case.plan.policy,
        "plan_review": day_label(case.plan.review_on),
        "person": {
            "name": person.full_name,
            "kana": person.full_name_kana,
            "consent_to_share": person.consent_to_share,
            "age": person.age,
            "born": day_label(person.date_of_birth, ""),
            "gender": person.get_gender_display(),
            "daily": person.get_daily_status_display() or "—",
            "school": person.school_or_workplace,
            "consent": consent,
            "url": person.get_absolute_url(),
        },
    }


def case_sections(
    request: HttpRequest,
    *,
    case: Case,
    issues: list[Any],
    goals: list[PlanGoal],
    tasks: list[PlanTask],
    markable: set[int],
    team: list[CaseTeamMember],
    former_team: list[CaseTeamMember],
    notes_context: dict[str, Any],
    can_manage: bool,
    can_view_history: bool,
    transitions: list[str],
) -> dict[str, SafeString]:
    """The page's header, main column and side column (person and team) as HTML."""
    urls = {
        "goal": RowUrl("cases:goal-achieved", 2),
        "edit": RowUrl("cases:task-edit", 2),
        "status": RowUrl("cases:task-status", 2),
        "team_edit": RowUrl("cases:team-edit", 2),
        "team_remove": RowUrl("cases:team-remove", 2),
    }
    statuses = choice_labels(PlanTask.Status)
    case_statuses = choice_labels(Case.Status)
    context = {
        "case": _case_values(case),
        "labels": _labels(),
        "issues": [str(issue) for issue in issues],
        "goals": [_goal(goal, urls["goal"], case.pk) for goal in goals],
        "tasks": [
            _task(t, case_pk=case.pk, markable=t.pk in markable, urls=urls, statuses=statuses)
            for t in tasks
        ],
        "task_choices": list(statuses.items()),
        "team": [_member(member, case, urls) for member in team],
        "former_team": [
            f"{member.agency} — " + _("left on %(day)s") % {"day": _day_of(member.removed_at)}
            for member in former_team
        ],
        # no request: the frame's context processors (a query among them) run once, for the page
        "notes_html": render_to_string("cases/_notes.html", notes_context),
        "can_manage": can_manage,
        "can_view_history": can_view_history,
        "transitions": [(status, case_statuses.get(status, status)) for status in transitions],
        "urls": _case_urls(case.pk),
    }
    return {
        part: render_fragment(f"cases/case_{part}.html", context, request)
        for part in ("header", "main", "side")
    }


def _day_of(moment: datetime | None) -> str:
    return day_label(timezone.localtime(moment).date(), "") if moment else ""


# The case's own links (each reversed once a page).
CASE_URLS = (
    "note-add",
    "face-sheet",
    "edit",
    "lead",
    "transition",
    "close",
    "reopen",
    "history",
    "plan-edit",
    "goal-add",
    "task-add",
    "team-add",
)


def _case_urls(pk: int) -> dict[str, str]:
    urls = {name.replace("-", "_"): reverse(f"cases:{name}", args=[pk]) for name in CASE_URLS}
    return {**urls, "index": reverse("cases:index")}
