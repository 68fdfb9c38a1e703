"""Forms of meetings: they say clearly what is wrong; the services check again."""

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from agencies.models import Agency
from agencies.selectors import active_agency_options
from cases.forms import DateInput, TimeInput, UserChoiceField
from cases.models import Case
from core.forms import FastSelect, Form
from meetings.models import AgendaItem, Attendance, Meeting, MeetingKind
from meetings.selectors import invitable_people


def _agencies() -> Any:
    return Agency.objects.filter(is_active=True).order_by("name_kana")


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name_with_agency()


def _text(label: Any, rows: int = 3, max_length: int = 4000, required: bool = False) -> Any:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
        required=required,
    )


class MeetingForm(Form):
    kind = forms.ModelChoiceField(label=_("Kind of meeting"), queryset=MeetingKind.objects.none())
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("It appears in calendars and emails: never write a young person's name in it."),
    )
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Starts"), widget=TimeInput())
    end = forms.TimeField(label=_("Ends"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    online_url = forms.URLField(label=_("Online meeting link"), required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = MeetingKind.objects.filter(is_active=True)
        self.fields["kind"].queryset = kinds  # type: ignore[attr-defined]
        if editing:
            del self.fields["kind"]
        else:
            self.fields["agencies"] = forms.ModelMultipleChoiceField(
                label=_("Invite agencies"),
                queryset=_agencies(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["people"] = PeopleChoiceField(
                label=_("Invite people by name"), queryset=invitable_people(), required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = _aware(day, start)
            data["ends_at"] = _aware(day, end)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("The meeting must end after it starts."))
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give a place or an online meeting link."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        keys = ["title", "starts_at", "ends_at", "place", "online_url"]
        extra = ["kind", "agencies", "people"] if "kind" in self.fields else []
        return {k: data[k] for k in [*keys, *extra]}

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        return {
            "title": meeting.title,
            "day": start.date(),
            "start": start.time(),
            "end": end.time(),
            "place": meeting.place,
            "online_url": meeting.online_url,
        }


def _aware(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


class CancelForm(Form):
    reason = forms.CharField(label=_("Why is the meeting cancelled?"), max_length=300)


def _agency_select() -> FastSelect:
    """The active agencies as plain values joined without a template each, read
    (from the minute-old list) only when shown: a prefecture has a thousand."""
    select = FastSelect()
    select.pairs = active_agency_options
    return select


def _item_choices(form: forms.Form, meeting: Meeting, items: list[AgendaItem] | None) -> None:
    """A form's agenda item select: the meeting's items by the heading every reader
    sees (from `items` when the page has read them already)."""
    field = form.fields["item"]
    field.queryset = meeting.items.order_by("order", "pk")  # type: ignore[attr-defined]
    select = field.widget = FastSelect()
    listed = field.queryset if items is None else items  # type: ignore[attr-defined]
    select.pairs = [("", "---------"), *((i.pk, i.heading) for i in listed)]


class TypedSearch(forms.Select):
    """A search box over a <select> that htmx fills with what matches the typed text.

    A prefecture has 5,000 people and 60,000 open cases: listing them all made
    the meeting page 400 kB and the agenda builder's page 60,000 options long
    (issue 12). Typing part of a name (or a case number) asks `search_url` for
    the matches; the select posts the id, which the field checks as before.
    """

    search_url = ""
    query_name = "q"
    search_label: Any = ""
    hint: Any = ""
    prompt: Any = ""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        select_id = final.get("id") or f"id_{name}"
        final["id"] = select_id
        search = format_html(
            '<label class="visually-hidden" for="{id}_q">{label}</label>'
            '<input type="search" name="{query}" id="{id}_q" class="form-control mb-1"'
            ' placeholder="{hint}" autocomplete="off" aria-controls="{id}"'
            ' hx-get="{url}" hx-trigger="input changed delay:300ms, search" hx-target="#{id}">',
            id=select_id,
            query=self.query_name,
            label=self.search_label,
            hint=self.hint,
            url=self.search_url,
        )
        select = format_html(
            '<select name="{}"{}><option value="">{}</option>{}</select>',
            name,
            flatatt(final),
            self.prompt,
            self._chosen(value),
        )
        return search + select

    def _chosen(self, value: Any) -> SafeString:
        """What is already chosen (a form come back with an error, an item edited): kept."""
        if value in (None, "") or not str(value).isdigit():
            return SafeString("")
        label = self.label_of(int(value))
        if label is None:
            return SafeString("")
        return format_html('<option value="{}" selected>{}</option>', value, label)

    def label_of(self, pk: int) -> str | None:
        raise NotImplementedError


class PersonSearch(TypedSearch):
    query_name = "person_q"
    search_label = _("Search people by name or reading")
    hint = _("Name or reading")
    prompt = _("Type a name above")

    def label_of(self, pk: int) -> str | None:
        # only those who could be chosen: a posted id of anyone else is not named
        person = invitable_people().filter(pk=pk).first()
        return person.name_with_agency() if person else None


class CaseSearch(TypedSearch):
    """Open cases by their number; on a case review, by the young person's name too
    (meetings.selectors.agenda_case_matches). Shown by the anonymised label."""

    query_name = "case_q"
    search_label = _("Search cases")
    hint = _("Case number")
    prompt = _("Type a case number above")
    # a case review also finds cases by the young person's name
    personal_hint = _("Case number or name")
    personal_prompt = _("Type a case number or name above")

    @classmethod
    def prompt_for(cls, meeting: Meeting) -> Any:
        return cls.personal_prompt if meeting.kind.is_personal else cls.prompt

    # the cases this agenda may take: a posted id outside them is not labelled
    scope: Any = Case.objects.none()

    def label_of(self, pk: int) -> str | None:
        case = self.scope.filter(pk=pk).first()
        return case.anonymised_label if case else None


class InviteForm(Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False
    )
    user = UserChoiceField(
        label=_("or a person"), queryset=User.objects.none(), required=False, widget=PersonSearch
    )

    def __init__(self, *args: Any, search_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()  # type: ignore[attr-defined]
        self.fields["user"].queryset = invitable_people()  # type: ignore[attr-defined]
        self.fields["user"].widget.search_url = search_url  # type: ignore[attr-defined]
        # A prefecture has 1,000 agencies: their options are read as plain
        # values and joined without a template each (issue 12).
        self.fields["agency"].widget = _agency_select()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("agency") and not data.get("user"):
            raise forms.ValidationError(_("Choose an agency or a person."))
        return data


class ItemForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    case = forms.ModelChoiceField(
        label=_("Case"), queryset=Case.objects.none(), required=False, widget=CaseSearch
    )
    presenter = UserChoiceField(
        label=_("Presenter"), queryset=User.objects.none(), required=False, widget=PersonSearch
    )
    planned_minutes = forms.IntegerField(
        label=_("Planned minutes"), min_value=1, max_value=600, required=False
    )
    prepared_text = _text(_("Prepared information (shown to everyone at the meeting)"), rows=3)

    def __init__(
        self,
        *args: Any,
        meeting: Meeting,
        cases: Any = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = invitable_people()  # type: ignore[attr-defined]
        self.fields["presenter"].widget.search_url = reverse("meetings:people", args=[meeting.pk])  # type: ignore[attr-defined]
        if cases is not None and not editing:
            field = self.fields["case"]
            field.queryset = cases  # type: ignore[attr-defined]
            search = field.widget
            search.scope = cases  # type: ignore[attr-defined]
            search.search_url = reverse("meetings:cases", args=[meeting.pk])  # type: ignore[attr-defined]
            search.prompt = CaseSearch.prompt_for(meeting)  # type: ignore[attr-defined]
            if meeting.kind.is_personal:
                search.hint = CaseSearch.personal_hint  # type: ignore[attr-defined]
        else:
            # an item's case is not changed, and a meeting without case items has none
            del self.fields["case"]
        if editing:
            del self.fields["kind"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == AgendaItem.Kind.CASE and not data.get("case"):
            self.add_error("case", _("Choose the case."))
        elif (
            data.get("kind") in (AgendaItem.Kind.TOPIC, AgendaItem.Kind.REPORT)
            and not (data.get("title") or "").strip()
        ):
            self.add_error("title", _("Give the item a title."))
        return data


PRESENCE_CHOICES = [("", _("Not recorded")), *Attendance.Presence.choices]


class AttendanceForm(Form):
    """One row per invitation: presence and, for a deputy, the deputy's name."""

    def __init__(self, *args: Any, invitations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for invitation in invitations:
            current = (
                getattr(invitation, "attendance", None) if _has_attendance(invitation) else None
            )
            key = f"p{invitation.pk}"
            self.fields[key] = forms.ChoiceField(
                label=str(invitation.user or invitation.agency),
                choices=PRESENCE_CHOICES,
                required=False,
                initial=current.presence if current else "",
            )
            self.fields[f"d{invitation.pk}"] = forms.CharField(
                label=_("deputy's name"),
                max_length=60,
                required=False,
                initial=current.deputy_name if current else "",
            )
            self.rows.append((invitation, self[key], self[f"d{invitation.pk}"]))

    def entries(self) -> list[tuple[int, str, str]]:
        data = self.cleaned_data
        return [
            (inv.pk, data.get(f"p{inv.pk}") or "", data.get(f"d{inv.pk}") or "")
            for inv, _p, _d in self.rows
        ]


def _has_attendance(invitation: Any) -> bool:
    try:
        invitation.attendance  # noqa: B018 - a reverse one-to-one raises when missing
    except Attendance.DoesNotExist:
        return False
    return True


class MinutesItemForm(Form):
    discussion = _text(_("Discussion"), rows=4, max_length=8000)
    decisions = _text(_("Decisions"), rows=2)


class ActionForm(Form):
    what = forms.CharField(label=_("What is to be done"), max_length=300)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    assignee = UserChoiceField(
        label=_("Person (optional)"),
        queryset=User.objects.none(),
        required=False,
        widget=PersonSearch,
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, meeting: Meeting, items: list[AgendaItem] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()  # type: ignore[attr-defined]
        self.fields["agency"].widget = _agency_select()
        self.fields["assignee"].queryset = invitable_people().filter(role=Role.PRACTITIONER)  # type: ignore[attr-defined]
        # thousands of practitioners: found by a typed name, as for an invitation
        search = reverse("meetings:people", args=[meeting.pk])
        self.fields["assignee"].widget.search_url = f"{search}?practitioners=1"  # type: ignore[attr-defined]
        _item_choices(self, meeting, items)


class CaseNoteForm(Form):
    text = _text(
        _("What the meeting shared and agreed about this case"),
        rows=5,
        required=True,
        max_length=10000,
    )
    next_review_on = forms.DateField(
        label=_("Next review (optional)"), widget=DateInput(), required=False
    )
    task_description = forms.CharField(
        label=_("New plan task (optional)"), max_length=300, required=False
    )
    task_agency = forms.ModelChoiceField(
        label=_("Task: agency"), queryset=Agency.objects.none(), required=False
    )
    task_due_on = forms.DateField(label=_("Task: due date"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task_agency"].queryset = team  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("task_description") and not (
            data.get("task_agency") and data.get("task_due_on")
        ):
            self.add_error("task_agency", _("A new task needs its agency and due date."))
        return data


class RecordForm(Form):
    situation = _text(_("1. The young person's situation and the problems confirmed"))
    progress = _text(_("2. Progress report, its evaluation and new information shared"))
    policy = _text(_("3. Support policy (shared understanding)"))
    lead_agency = forms.ModelChoiceField(
        label=_("4. Lead agency"), queryset=Agency.objects.none(), required=False
    )
    key_worker = UserChoiceField(
        label=_("4. Main supporter"), queryset=User.objects.none(), required=False
    )
    plan_text = _text(_("5. Concrete support methods and plan"))
    next_review_on = forms.DateField(label=_("Next review"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = _agencies()  # type: ignore[attr-defined]
        self.fields["key_worker"].queryset = invitable_people().filter(role=Role.PRACTITIONER)  # type: ignore[attr-defined]
        self.role_fields = []
        for agency in agencies:
            name = f"role_{agency.pk}"
            self.fields[name] = forms.CharField(
                label=_("3. Role of %(agency)s") % {"agency": agency},
                max_length=1000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.role_fields.append((agency, name))

    def roles(self) -> list[tuple[Agency, str]]:
        return [(agency, self.cleaned_data.get(name) or "") for agency, name in self.role_fields]


class AmendForm(Form):
    item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    text = _text(_("Correction"), rows=3, required=True)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)

    def __init__(
        self, *args: Any, meeting: Meeting, items: list[AgendaItem] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _item_choices(self, meeting, items)
