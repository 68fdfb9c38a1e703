"""A year of the council's meetings for seed_scale (demo/scale.py), issue 12.

Monthly practitioners' meetings (実務者会議) over the past year and the next
month, each with 30 cases on the agenda (anonymised labels, as the agenda
builder stores them), twenty agencies invited and attending, and action
items; two representatives' meetings (topics only); and case review
meetings (個別ケース検討会議) for one case in two hundred, the case's team
invited. Rows go in with COPY like the rest of the data set.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from cases.models import Case, anonymised_label
from meetings.models import ActionItem, AgendaItem, Attendance, Invitation, Meeting, MeetingKind

CASE_ITEMS = 30
INVITED_AGENCIES = 20
ACTIONS_PER_MEETING = 5


class MeetingSeeder:
    def __init__(self, seeder: Any) -> None:
        self.s = seeder  # the ScaleSeeder: its random generator, ids, agencies, staff, cases
        self.ids = {m: seeder.ids_of(m) for m in (Meeting, Invitation, Attendance, AgendaItem,
                                                   ActionItem)}  # fmt: skip
        self.rows: dict[Any, list[tuple[Any, ...]]] = {m: [] for m in self.ids}
        self.kinds = dict(MeetingKind.objects.values_list("tier", "pk"))

    def _at(self, day: date, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, 0)))

    def _meeting(self, kind: str, title: str, day: date, organiser: int) -> int:
        pk = self.ids[Meeting].take()
        held = day < self.s.today
        self.rows[Meeting].append(
            (
                pk, title, self._at(day, 14), self._at(day, 16), "市役所 会議室", "",
                "held" if held else "scheduled", "", "confirmed" if held else "draft",
                self._at(day, 18) if held else None, 0, self.s.now, self.s.now,
                organiser if held else None, organiser, self.kinds[kind],
            )
        )  # fmt: skip
        return pk

    def _invite(self, meeting: int, agencies: list[int], held: bool) -> None:
        for agency in agencies:
            invitation = self.ids[Invitation].take()
            self.rows[Invitation].append(
                (invitation, self.s.now, agency, self.s.coordinator_id, None, meeting)
            )
            if held:
                presence = self.s.rng.choices(["present", "absent", "deputy"], [8, 1, 1])[0]
                self.rows[Attendance].append(
                    (
                        self.ids[Attendance].take(), presence,
                        "代理 出席者" if presence == "deputy" else "", self.s.now,
                        self.s.coordinator_id, invitation,
                    )
                )  # fmt: skip

    def _item(self, meeting: int, order: int, case: tuple[int, str] | None, title: str) -> int:
        pk = self.ids[AgendaItem].take()
        case_id, label = case if case else (None, "")
        self.rows[AgendaItem].append(
            (
                pk, order, "case" if case else "topic", title, label, "", 5 if case else 15,
                "支援状況を共有した。" if case else "", "", self.s.now, case_id, None, meeting,
            )
        )  # fmt: skip
        return pk

    def _action(self, meeting: int, item: int | None, case_id: int | None, day: date) -> None:
        agency = self.s.rng.choice(self.s.agency_ids)
        due = day + timedelta(days=self.s.rng.randrange(7, 60))
        self.rows[ActionItem].append(
            (
                self.ids[ActionItem].take(), "次回までに状況を確認する", due,
                due if due < self.s.today and self.s.rng.random() < 0.7 else None, self.s.now,
                agency, None, case_id, self.s.coordinator_id, item, meeting,
            )
        )  # fmt: skip

    def run(self, labels: dict[int, str]) -> None:
        rng, today = self.s.rng, self.s.today
        open_ids = [c.id for c in self.s.cases if c.is_open]
        for month in range(-12, 2):
            day = (today.replace(day=15) + timedelta(days=30 * month)).replace(day=15)
            meeting = self._meeting("practitioners", f"実務者会議（{day:%Y年%m月}）", day,
                                    self.s.coordinator_id)  # fmt: skip
            self._invite(meeting, rng.sample(self.s.agency_ids, INVITED_AGENCIES), day < today)
            chosen = rng.sample(open_ids, min(CASE_ITEMS, len(open_ids)))
            items = [
                self._item(meeting, n, (case, labels[case]), "") for n, case in enumerate(chosen)
            ]
            for n in range(min(ACTIONS_PER_MEETING, len(items))):
                self._action(meeting, items[n], chosen[n], day)
        for month in (-8, 3):
            day = today + timedelta(days=30 * month)
            meeting = self._meeting("representatives", "代表者会議", day, self.s.coordinator_id)
            self._invite(meeting, self.s.agency_ids[:INVITED_AGENCIES], day < today)
            for n, topic in enumerate(["年次報告", "地域の社会資源の不足"]):
                self._item(meeting, n, None, topic)
        for case in self.s.cases[::200]:
            day = case.opened + timedelta(days=rng.randrange(10, 90))
            meeting = self._meeting("case_review", "個別ケース検討会議", day, self.s.coordinator_id)
            self._invite(meeting, case.team, day < today)
            item = self._item(meeting, 0, (case.id, labels[case.id]), "")
            self._action(meeting, item, case.id, day)

    def columns(self) -> dict[Any, list[str]]:
        return {
            Meeting: (  # noqa: SIM905 - a column list, read as one string
                "id title starts_at ends_at place online_url status cancel_reason "
                "minutes_status minutes_confirmed_at sequence created_at updated_at "
                "minutes_confirmed_by_id organiser_id kind_id"
            ).split(),
            Invitation: ["id", "invited_at", "agency_id", "invited_by_id", "user_id", "meeting_id"],
            Attendance: (  # noqa: SIM905 - a column list, read as one string
                "id presence deputy_name recorded_at recorded_by_id invitation_id"
            ).split(),
            AgendaItem: (  # noqa: SIM905 - a column list, read as one string
                "id order kind title label prepared_text planned_minutes discussion decisions "
                "created_at case_id presenter_id meeting_id"
            ).split(),
            ActionItem: (  # noqa: SIM905 - a column list, read as one string
                "id what due_on done_on created_at agency_id assignee_id case_id created_by_id "
                "item_id meeting_id"
            ).split(),
        }


def seed_meetings(seeder: Any, copy: Callable[..., int]) -> int:
    """A year of meetings; returns how many."""
    labels = {
        pk: anonymised_label(number, born, gender)
        for pk, number, born, gender in Case.objects.filter(
            pk__in=[c.id for c in seeder.cases]
        ).values_list("pk", "number", "young_person__date_of_birth", "young_person__gender")
    }
    meetings = MeetingSeeder(seeder)
    meetings.run(labels)
    for model, columns in meetings.columns().items():
        seeder.built.add(
            str(model._meta.verbose_name_plural), copy(model, columns, meetings.rows[model])
        )
    return len(meetings.rows[Meeting])
