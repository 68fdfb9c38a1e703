"""The demo council's year of meetings (demo/data/meetings.toml).

Made through the meetings services as the coordinating office would: a
practitioners' meeting on the first Thursday of every month (the last twelve
and the next two), a representatives' meeting held in July and one coming in
February, and case review meetings for a few of the NPO's cases. Past
meetings are held, with attendance, minutes, case-meeting notes and action
items; their minutes are confirmed but for the latest practitioners' meeting,
left as a draft. Idempotent: a meeting of the same kind and start is left alone.
"""

from datetime import date, datetime, time, timedelta
from itertools import cycle
from typing import Any

from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from cases.models import Case, CaseTeamMember
from demo.files import read
from meetings import minutes, services
from meetings.builders import ledger_candidates
from meetings.models import Attendance, Meeting, MeetingKind, Tier


def _month(day: date, offset: int) -> date:
    """The first of the month `offset` months from `day`'s."""
    index = day.year * 12 + day.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


def _weekday(first: date, weekday: int) -> date:
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class _Seeder:
    def __init__(self) -> None:
        self.data = read("meetings")
        self.office = User.objects.get(username=self.data["organiser"])
        self.today = timezone.localdate()
        self.kinds = {k.tier: k for k in MeetingKind.objects.all()}
        self.discussion = cycle(self.data["practitioners"]["discussion"])
        self.decisions = cycle(self.data["practitioners"]["decisions"])
        self.actions = cycle(self.data["actions"])
        self.made = 0

    def _schedule(
        self, tier: str, title: str, start: datetime, hours: int, agencies: list[Agency]
    ) -> Meeting | None:
        kind = self.kinds[tier]
        if Meeting.objects.filter(kind=kind, starts_at=start).exists():
            return None
        self.made += 1
        return services.meeting_schedule(
            by=self.office,
            kind=kind,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            place=self.data["place"],
            agencies=agencies,
        )

    def _attendance(self, meeting: Meeting) -> None:
        month = meeting.day.month
        absent, deputies = self.data["absences"], self.data["deputies"]
        entries = []
        for invitation in meeting.invitations.select_related("agency"):
            name = invitation.agency.name
            if month in absent.get(name, []):
                entries.append(services.Presence(invitation.pk, Attendance.Presence.ABSENT))
            elif month in deputies.get(name, []):
                entries.append(
                    services.Presence(
                        invitation.pk, Attendance.Presence.DEPUTY, self.data["deputy_name"]
                    )
                )
            else:
                entries.append(services.Presence(invitation.pk, Attendance.Presence.PRESENT))
        services.attendance_record(meeting=meeting, by=self.office, entries=entries)

    def _minutes(self, meeting: Meeting, discussion: Any = None, decisions: Any = None) -> None:
        for item in meeting.items.all():
            minutes.minutes_save_item(
                item=item,
                by=self.office,
                discussion=next(discussion or self.discussion),
                decisions=next(decisions or self.decisions),
            )

    def _action(self, meeting: Meeting, agencies: dict[str, Agency]) -> None:
        entry = next(self.actions)
        due = meeting.day + timedelta(days=entry["days"])
        action = minutes.action_add(
            meeting=meeting,
            by=self.office,
            what=entry["what"],
            agency=agencies[entry["agency"]],
            due_on=due,
            item=meeting.items.exclude(case=None).first(),
        )
        if due < self.today - timedelta(days=30):  # the older ones were done
            minutes.action_set_done(action=action, by=self.office, done=True)

    def practitioners(self, agencies: dict[str, Agency]) -> None:
        invited = [agencies[name] for name in self.data["practitioners_agencies"]]
        held = []
        for offset in range(-12, 3):
            day = _weekday(_month(self.today, offset), 3)  # the first Thursday
            start = _at(day, 14)
            meeting = self._schedule(
                Tier.PRACTITIONERS,
                f"実務者会議（{day.month}月）",
                start,
                2,
                invited,
            )
            if meeting is None:
                continue
            for topic in self.data["topics"]:
                services.item_add(
                    meeting=meeting,
                    by=self.office,
                    kind=topic["kind"],
                    title=topic["title"],
                    planned_minutes=topic["minutes"],
                )
            for case in ledger_candidates(meeting=meeting, by=self.office)[
                : self.data["case_items"]
            ]:
                services.item_add(
                    meeting=meeting,
                    by=self.office,
                    kind="case",
                    case=case,
                    planned_minutes=10,
                    prepared_text=f"状況：{case.get_status_display()}／主担当：{case.lead_agency}",
                )
            if meeting.ends_at < timezone.now():
                held.append(meeting)
        for meeting in held:
            self._attendance(meeting)
            self._minutes(meeting)
            self._action(meeting, agencies)
        for meeting in held[:-1]:  # the latest waits for its minutes to be confirmed
            minutes.minutes_confirm(meeting=meeting, by=self.office)

    def representatives(self, agencies: dict[str, Agency]) -> None:
        spec = self.data["representatives"]
        everyone = list(Agency.objects.filter(is_active=True))
        for month in spec["months"]:
            first = date(self.today.year, month, 1)
            if month >= 4 and first > self.today:
                first = first.replace(year=first.year - 1)  # last July
            if month < 4 and first < self.today:
                first = first.replace(year=first.year + 1)  # the coming February
            day = _weekday(first, 1)  # the first Tuesday
            meeting = self._schedule(
                Tier.REPRESENTATIVES,
                f"{spec['title']}（{day.year}年{day.month}月）",
                _at(day, 15),
                2,
                everyone,
            )
            if meeting is None:
                continue
            for topic in spec["topics"]:
                services.item_add(
                    meeting=meeting, by=self.office, kind="topic", title=topic, planned_minutes=20
                )
            if meeting.ends_at < timezone.now():
                self._attendance(meeting)
                self._minutes(meeting, cycle(spec["discussion"]), cycle(spec["decisions"]))
                minutes.minutes_confirm(meeting=meeting, by=self.office)

    def case_reviews(self) -> None:
        npo = Agency.objects.get(council_role="designated")
        cases = list(
            Case.objects.exclude(status=Case.Status.CLOSED)
            .filter(lead_agency=npo, young_person__consent_to_share=True)
            .select_related("young_person", "key_worker")
            .order_by("fiscal_year", "sequence")
        )
        for spec in self.data["case_reviews"]:
            if spec["case"] >= len(cases):
                continue
            case = cases[spec["case"]]
            day = _weekday(_month(self.today, -spec["months_ago"]), 1) + timedelta(days=7)
            team = list(
                CaseTeamMember.objects.filter(case=case, removed_at__isnull=True).select_related(
                    "agency"
                )
            )
            meeting = self._schedule(
                Tier.CASE_REVIEW,
                f"個別ケース検討会議（{day.month}月{day.day}日）",
                _at(day, 10),
                1,
                [m.agency for m in team],
            )
            if meeting is None:
                continue
            item = services.item_add(
                meeting=meeting, by=self.office, kind="case", case=case, planned_minutes=60
            )
            if meeting.ends_at > timezone.now():
                continue
            self._attendance(meeting)
            minutes.minutes_save_item(
                item=item, by=self.office, discussion=spec["progress"], decisions=spec["plan"]
            )
            if case.key_worker is not None:
                minutes.case_note_log(item=item, by=case.key_worker, text=spec["note"])
            review = day + timedelta(days=90)
            minutes.record_save(
                item=item,
                by=self.office,
                situation=spec["situation"],
                progress=spec["progress"],
                policy=spec["policy"],
                lead_agency=case.lead_agency,
                key_worker=case.key_worker,
                plan_text=spec["plan"],
                next_review_on=review if review > self.today else None,
                roles=[(m.agency, m.role_text or "情報の共有と見守り") for m in team],
            )
            minutes.minutes_confirm(meeting=meeting, by=self.office)


def seed_meetings(agencies: dict[str, Agency]) -> int:
    seeder = _Seeder()
    seeder.practitioners(agencies)
    seeder.representatives(agencies)
    seeder.case_reviews()
    return seeder.made
