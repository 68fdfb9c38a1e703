"""A prefecture-sized data set for measuring (manage.py seed_scale), issue 12.

1,000 agencies, 5,000 users and N young people with a case each: teams,
plans with goals and tasks, about ten notes a case, referrals in every
state, pending reminders and the audit rows such a history leaves. Rows go
in with PostgreSQL's COPY and explicit ids (100,000 cases in a few minutes);
every choice comes from one seeded random generator, so a seed and a day
give the same data.

Nothing here runs signals or services: the audit rows are written as the
services would have left them, and the stored sort keys (the oldest open
task's due date) are computed as cases.services keeps them.
"""

import json
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from accounts.models import Role, User
from agencies.models import Agency, CouncilRole, Sector
from cases.models import (
    Case,
    CaseNote,
    CaseNumber,
    CaseTeamMember,
    PlanGoal,
    PlanTask,
    PresentingIssue,
    SupportPlan,
    YoungPerson,
)
from core.dates import fiscal_year_of
from core.text import search_normalize
from demo.scale_meetings import seed_meetings
from meetings.models import ActionItem, AgendaItem, Attendance, Invitation, Meeting
from referrals.models import Referral, ReferralEvent

AGENCIES = 1000
MEETING_MODELS = (Meeting, Invitation, Attendance, AgendaItem, ActionItem)
USERS = 5000
NOTES_PER_CASE = 10
DESIGNATED = 20
BUSY_CASE_NOTES = 50
# The first cases are led by the benchmark's practitioners' agencies, named 佐藤
# (its search term) and referred between them: at every size their lists,
# searches and inboxes have rows, so a page runs the same statements at 1,000
# cases as at 100,000 (an empty list skips the statements of its rows).
PERSONA_CASES = 10
# Personas of the benchmark (their password is the demo's).
PERSONAS = {
    "scale-coordinator": "the coordinating office",
    "scale-designated": "a practitioner of a designated support body",
    "scale-practitioner": "a practitioner of a member agency",
    "scale-representative": "a representative",
}

FAMILY = [
    ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
    ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"),
    ("小林", "コバヤシ"), ("加藤", "カトウ"), ("吉田", "ヨシダ"), ("山田", "ヤマダ"),
    ("佐々木", "ササキ"), ("山口", "ヤマグチ"), ("松本", "マツモト"), ("井上", "イノウエ"),
    ("木村", "キムラ"), ("林", "ハヤシ"), ("斎藤", "サイトウ"), ("清水", "シミズ"),
    ("山崎", "ヤマザキ"), ("森", "モリ"), ("池田", "イケダ"), ("橋本", "ハシモト"),
    ("阿部", "アベ"), ("石川", "イシカワ"), ("山下", "ヤマシタ"), ("中島", "ナカジマ"),
    ("石井", "イシイ"), ("小川", "オガワ"), ("前田", "マエダ"), ("岡田", "オカダ"),
    ("長谷川", "ハセガワ"), ("藤田", "フジタ"), ("後藤", "ゴトウ"), ("近藤", "コンドウ"),
    ("村上", "ムラカミ"), ("遠藤", "エンドウ"), ("青木", "アオキ"), ("坂本", "サカモト"),
]  # fmt: skip
GIVEN = [
    ("翔太", "ショウタ", "male"), ("大輝", "ダイキ", "male"), ("蓮", "レン", "male"),
    ("悠真", "ユウマ", "male"), ("陽翔", "ハルト", "male"), ("健太", "ケンタ", "male"),
    ("拓海", "タクミ", "male"), ("颯太", "ソウタ", "male"), ("湊", "ミナト", "male"),
    ("大和", "ヤマト", "male"), ("美咲", "ミサキ", "female"), ("陽菜", "ヒナ", "female"),
    ("結衣", "ユイ", "female"), ("さくら", "サクラ", "female"), ("葵", "アオイ", "female"),
    ("凛", "リン", "female"), ("芽依", "メイ", "female"), ("優奈", "ユウナ", "female"),
    ("楓", "カエデ", "female"), ("彩花", "アヤカ", "female"), ("ひかる", "ヒカル", "other"),
    ("真琴", "マコト", "unrecorded"), ("遥", "ハルカ", "unrecorded"), ("光", "ヒカル", "other"),
]  # fmt: skip
TOWNS = [
    ("みどり市", "ミドリシ"), ("あおば町", "アオバチョウ"), ("さくら市", "サクラシ"),
    ("ひかり町", "ヒカリチョウ"), ("うみべ市", "ウミベシ"), ("やまなみ村", "ヤマナミムラ"),
    ("かわせ市", "カワセシ"), ("はるの町", "ハルノチョウ"), ("つばさ市", "ツバサシ"),
    ("いずみ町", "イズミチョウ"),
]  # fmt: skip
KINDS = [
    ("立第{n}中学校", "リツダイ{n}チュウガッコウ"),
    ("地域若者サポートステーション{n}", "チイキワカモノサポートステーション{n}"),
    ("保健センター{n}", "ホケンセンター{n}"),
    ("社会福祉協議会{n}", "シャカイフクシキョウギカイ{n}"),
    ("相談支援事業所{n}", "ソウダンシエンジギョウショ{n}"),
    ("居場所ひだまり{n}", "イバショヒダマリ{n}"),
    ("こども家庭センター{n}", "コドモカテイセンター{n}"),
    ("ハローワーク{n}", "ハローワーク{n}"),
    ("クリニック{n}", "クリニック{n}"),
    ("NPOつなぐ{n}", "エヌピーオーツナグ{n}"),
]  # fmt: skip
NOTE_TEXTS = [
    "本人と面談。生活リズムについて話し、次回までに朝の散歩を続けることを確認した。",
    "家庭訪問。母親と話す。本人は自室から出てこなかったが、手紙を渡してもらった。",
    "電話で近況を確認。体調は安定しているとのこと。居場所への参加を提案した。",
    "学校の担任と連絡。出席状況と配慮事項を共有した。次回ケース会議で報告する。",
    "本人が居場所に初めて参加。30分ほどで帰宅したが、表情は穏やかだった。",
    "保護者面談。家計の状況について相談あり。生活困窮の窓口を紹介した。",
    "就労体験の見学に同行。本人から「もう一度行ってみたい」との発言があった。",
    "受診に同行。主治医から服薬の継続と生活リズムの安定について説明を受けた。",
]
TASK_TEXTS = [
    "家庭訪問を月2回行う", "居場所への参加を促す", "学校と出席状況を共有する",
    "受診に同行する", "就労体験の調整をする", "保護者面談を行う", "生活保護の申請を支援する",
]  # fmt: skip
GOAL_TEXTS = [
    "生活リズムを整える",
    "外出の機会を増やす",
    "相談できる大人を見つける",
    "進路を考える",
]


@dataclass
class Sizes:
    cases: int
    agencies: int = AGENCIES
    users: int = USERS
    notes_per_case: int = NOTES_PER_CASE


@dataclass
class Built:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, n: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + n


def copy_rows(model: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows into a model's table (PostgreSQL); returns how many."""
    table = model._meta.db_table
    n = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        quoted = ", ".join(f'"{c}"' for c in columns)  # "order" is a reserved word
        with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
                n += 1
    return n


def reset_sequence(model: Any) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - model tables
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
        )


class Ids:
    """Explicit ids for a table: they continue after any row already there."""

    def __init__(self, model: Any) -> None:
        self.model = model
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608
            self.next = int(cursor.fetchone()[0]) + 1

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


@dataclass
class CaseRow:
    id: int
    is_open: bool
    lead: int
    team: list[int]  # agency ids, lead first
    opened: date
    key_worker: int | None


class ScaleSeeder:
    """Builds the data set table by table (see the module docstring)."""

    def __init__(self, sizes: Sizes, *, seed: int, today: date, log: Callable[[str], None]):
        self.sizes = sizes
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.today = today
        self.now = timezone.make_aware(datetime.combine(today, time(9, 0)))
        self.log = log
        self.built = Built()
        self.staff: dict[int, list[int]] = {}  # agency id -> practitioner ids
        self.agency_ids: list[int] = []
        self.coordinator_id = 0
        self.cases: list[CaseRow] = []

    def run(self) -> Built:
        self.agencies()
        self.users()
        return self.casework()

    def more_cases(self) -> Built:
        """Add `sizes.cases` cases to a council seed_scale made before (same registry)."""
        scale_users = User.objects.filter(username__startswith="scale-")
        self.coordinator_id = scale_users.get(username="scale-coordinator").pk
        self.agency_ids = list(
            Agency.objects.filter(name__endswith="（規模）")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for pk, agency in scale_users.filter(role=Role.PRACTITIONER).values_list("pk", "agency_id"):
            self.staff.setdefault(agency, []).append(pk)
        return self.casework()

    def casework(self) -> Built:
        self.people_and_cases()
        self.plans()
        self.notes()
        self.referrals()
        meetings = seed_meetings(self, copy_rows)
        self.log(f"meetings: {meetings}")
        self.audit()
        for model in (*MEETING_MODELS,
            Agency, User, YoungPerson, Case, CaseTeamMember, SupportPlan, PlanGoal, PlanTask,
            CaseNote, Referral, ReferralEvent, CaseTeamMember.practitioners.through,
            Case.presenting_issues.through,
        ):  # fmt: skip
            reset_sequence(model)
        return self.built

    def _persona_agencies(self) -> tuple[int, int]:
        """The agencies of scale-designated and scale-practitioner (see users())."""
        return self.agency_ids[1], self.agency_ids[DESIGNATED + 1]

    def ids_of(self, model: Any) -> "Ids":
        return Ids(model)

    def _at(self, day: date) -> datetime:
        """A time of day on `day` that draws nothing from the seeded random sequence."""
        return timezone.make_aware(datetime.combine(day, time(9)))  # as `now`

    def _stamp(self, day: date, hour: int = 10) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, self.rng.randrange(60))))

    # -- registry ------------------------------------------------------------

    def agencies(self) -> None:
        sectors = list(Sector.objects.order_by("sort_order").values_list("pk", flat=True))
        has_coordinating = Agency.objects.filter(council_role=CouncilRole.COORDINATING).exists()
        ids = Ids(Agency)
        rows = []
        for i in range(self.sizes.agencies):
            town, town_kana = TOWNS[i % len(TOWNS)]
            kind, kind_kana = KINDS[(i // len(TOWNS)) % len(KINDS)]
            n = i // (len(TOWNS) * len(KINDS)) + 1
            name = f"{town}{kind.format(n=n)}（規模）"
            kana = f"{town_kana}{kind_kana.format(n=n)}"
            if i == 0 and not has_coordinating:
                role = CouncilRole.COORDINATING
            elif i <= DESIGNATED:
                role = CouncilRole.DESIGNATED
            else:
                role = CouncilRole.MEMBER
            pk = ids.take()
            self.agency_ids.append(pk)
            roles = f"{kind.format(n='')}として子ども・若者の相談に応じる。"
            rows.append(
                (
                    pk, name, kana, role, "", f"{town}1-{i}", f"0{i % 9 + 1}-0000-{i:04d}",
                    "", "", roles, True, search_normalize(name + kana), search_normalize(roles),
                    self.now, self.now, sectors[i % len(sectors)],
                )
            )  # fmt: skip
        columns = (  # noqa: SIM905 - a column list, read as one string
            "id name name_kana council_role postal_code address phone email website "
            "roles_description is_active search_key content_key created_at updated_at "
            "sector_id"
        ).split()
        self.built.add("agencies", copy_rows(Agency, columns, rows))
        self.log(f"agencies: {len(rows)}")

    def users(self) -> None:
        from demo.users import password

        hashed = make_password(password())
        ids = Ids(User)
        coordinating = self.agency_ids[0]
        designated, member = self._persona_agencies()
        rows = []

        def add(username: str, role: str, agency: int, i: int) -> int:
            pk = ids.take()
            family, family_kana = FAMILY[i % len(FAMILY)]
            given, given_kana, _g = GIVEN[(i // len(FAMILY)) % len(GIVEN)]
            rows.append(
                (
                    pk, hashed, False, username, f"{username}@example.invalid", False, True,
                    self.now, family, given, family_kana, given_kana, role, "", "", agency, 0,
                )
            )  # fmt: skip
            if role == Role.PRACTITIONER:
                self.staff.setdefault(agency, []).append(pk)
            return pk

        self.coordinator_id = add("scale-coordinator", Role.COORDINATOR, coordinating, 0)
        add("scale-designated", Role.PRACTITIONER, designated, 1)
        add("scale-practitioner", Role.PRACTITIONER, member, 2)
        add("scale-representative", Role.REPRESENTATIVE, member, 3)
        for i in range(4, self.sizes.users):
            agency = self.agency_ids[i % len(self.agency_ids)]
            if agency == coordinating and i % 3 == 0:
                role = Role.COORDINATOR
            elif i % 50 == 7:
                role = Role.REPRESENTATIVE
            else:
                role = Role.PRACTITIONER
            add(f"scale-{i:05d}", role, agency, i)
        columns = (  # noqa: SIM905 - a column list, read as one string
            "id password is_superuser username email is_staff is_active date_joined "
            "family_name given_name family_name_kana given_name_kana role job_title "
            "phone agency_id session_generation"
        ).split()
        self.built.add("users", copy_rows(User, columns, rows))
        self._second_factor()
        self.log(f"users: {len(rows)}")

    def _second_factor(self) -> None:
        """The demo's authenticator for the benchmark's coordinator (demo.users)."""
        from demo.files import read
        from demo.users import _second_factor

        data = read("users")
        user = User.objects.get(pk=self.coordinator_id)
        _second_factor(user, data["totp_secret"], data["backup_codes"])

    # -- cases -----------------------------------------------------------------

    def people_and_cases(self) -> None:
        rng = self.rng
        person_ids, case_ids = Ids(YoungPerson), Ids(Case)
        team_ids, through_ids = Ids(CaseTeamMember), Ids(CaseTeamMember.practitioners.through)
        issue_ids = list(PresentingIssue.objects.values_list("pk", flat=True))
        issue_through = Ids(Case.presenting_issues.through)
        numbers = dict(CaseNumber.objects.values_list("fiscal_year", "last_number"))
        people, cases, team, named, issues = [], [], [], [], []
        statuses = ["intake"] * 10 + ["assessment"] * 15 + ["active"] * 25 + ["monitoring"] * 11
        statuses += ["closed"] * 39
        personas = self._persona_agencies()
        for i in range(self.sizes.cases):
            family, family_kana = rng.choice(FAMILY)
            if i < PERSONA_CASES:
                family, family_kana = FAMILY[0]
            given, given_kana, gender = rng.choice(GIVEN)
            born = self.today - timedelta(days=rng.randrange(12 * 365, 30 * 365))
            pk = person_ids.take()
            text = f"{family}{given} {family_kana}{given_kana}"
            people.append(
                (
                    pk, family, given, family_kana, given_kana, born, gender, "", "",
                    "not_attending", "", "", rng.random() < 0.8, None, search_normalize(text),
                    self.now, self.now,
                )
            )  # fmt: skip
            opened = self.today - timedelta(days=rng.randrange(5 * 365))
            fy = fiscal_year_of(opened)
            numbers[fy] = numbers.get(fy, 0) + 1
            status = rng.choice(statuses)
            lead = rng.choice(self.agency_ids)
            if i < PERSONA_CASES:
                status, lead = ("active" if status == "closed" else status), personas[i % 2]
            others = rng.sample(self.agency_ids, 3)
            members = [lead, *[a for a in others if a != lead][:2]]
            staff = self.staff.get(lead) or [self.coordinator_id]
            key_worker = rng.choice(staff) if lead in self.staff else None
            is_open = status != "closed"
            closed_on = None if is_open else min(self.today, opened + timedelta(days=400))
            next_review = self.today + timedelta(days=rng.randrange(-60, 120)) if is_open else None
            risk = rng.choices(["low", "medium", "high"], weights=[60, 30, 10])[0]
            case_id = case_ids.take()
            # The record last changed at a review or a new contact within the last four
            # months (the personas' cases today): not all on the day of seeding, which
            # would put every case of an agency among its "recently changed".
            age = 0 if i < PERSONA_CASES else (case_id * 37) % 120
            changed = self._at(closed_on or max(opened, self.today - timedelta(days=age)))
            cases.append(
                (
                    case_id, fy, numbers[fy], f"{fy}-{numbers[fy]:04d}", status, opened,
                    closed_on, "" if is_open else "goal_reached", "",
                    rng.choice(["self", "family", "school", "community", "agency"]), "", risk,
                    "", opened + timedelta(days=30) if is_open else None, next_review,
                    self._at(opened), changed, self.coordinator_id, key_worker, lead, None, pk,
                )
            )  # fmt: skip
            for agency in members:
                member_id = team_ids.take()
                team.append(
                    (
                        member_id, "主担当" if agency == lead else "家庭訪問", self._stamp(opened),
                        None, self.coordinator_id, agency, case_id, None, None, "",
                    )
                )  # fmt: skip
                practitioners = self.staff.get(agency)
                if practitioners:
                    named.append((through_ids.take(), member_id, rng.choice(practitioners)))
            issues.append((issue_through.take(), case_id, rng.choice(issue_ids)))
            self.cases.append(CaseRow(case_id, is_open, lead, members, opened, key_worker))
        self.built.add("young people", copy_rows(YoungPerson, PERSON_COLUMNS, people))
        self.built.add("cases", copy_rows(Case, CASE_COLUMNS, cases))
        self.built.add("team members", copy_rows(CaseTeamMember, TEAM_COLUMNS, team))
        through = CaseTeamMember.practitioners.through
        copy_rows(through, ["id", "caseteammember_id", "user_id"], named)
        copy_rows(Case.presenting_issues.through, ["id", "case_id", "presentingissue_id"], issues)
        with connection.cursor() as cursor:
            for fy, last in numbers.items():
                cursor.execute(
                    "INSERT INTO cases_casenumber (fiscal_year, last_number) VALUES (%s, %s) "
                    "ON CONFLICT (fiscal_year) DO UPDATE SET last_number = "
                    "GREATEST(cases_casenumber.last_number, EXCLUDED.last_number)",
                    [fy, last],
                )
        self.log(f"cases: {len(cases)}")

    def plans(self) -> None:
        """A plan per case, two goals, three tasks; pending reminders for open tasks."""
        rng = self.rng
        plan_ids, goal_ids, task_ids = Ids(SupportPlan), Ids(PlanGoal), Ids(PlanTask)
        plans, goals, tasks, reminders, oldest = [], [], [], [], []
        for case in self.cases:
            plan_id = plan_ids.take()
            plans.append(
                (plan_id, "本人のペースを尊重し、関係機関で役割を分担する。", None, self.now,
                 case.id, self.coordinator_id)
            )  # fmt: skip
            goal_pks = []
            for order, text in enumerate(rng.sample(GOAL_TEXTS, 2)):
                goal_pks.append(goal_ids.take())
                goals.append((goal_pks[-1], text, None, order, plan_id))
            earliest = None
            for _n in range(3):
                due = case.opened + timedelta(days=rng.randrange(14, 500))
                if case.is_open:
                    status = rng.choices(["open", "in_progress", "done"], weights=[4, 2, 4])[0]
                else:
                    status = "done"
                agency = rng.choice(case.team)
                staff = self.staff.get(agency)
                task_id = task_ids.take()
                tasks.append(
                    (
                        task_id, rng.choice(TASK_TEXTS), due, status,
                        due if status == "done" else None, self.now, agency,
                        rng.choice(staff) if staff and rng.random() < 0.5 else None,
                        rng.choice(goal_pks), plan_id,
                    )
                )  # fmt: skip
                if status != "done":
                    earliest = due if earliest is None else min(earliest, due)
                    if due >= self.today:
                        fire = timezone.make_aware(datetime.combine(due, time(9)))
                        reminders.append(("task_due", task_id, due.isoformat(), fire))
            if earliest is not None:
                oldest.append((case.id, earliest))
        self.built.add("plans", copy_rows(SupportPlan, PLAN_COLUMNS, plans))
        self.built.add("goals", copy_rows(PlanGoal, GOAL_COLUMNS, goals))
        self.built.add("tasks", copy_rows(PlanTask, TASK_COLUMNS, tasks))
        self._reminders(reminders)
        self._oldest_open_tasks(oldest)
        self.log(f"plans: {len(plans)}, tasks: {len(tasks)}, reminders: {len(reminders)}")

    def _reminders(self, rows: list[tuple[str, int, str, datetime]]) -> None:
        from notifications.models import Reminder

        ids = Ids(Reminder)
        self.built.add(
            "reminders",
            copy_rows(
                Reminder,
                ["id", "kind", "source_id", "basis", "due_at", "dropped_reason", "created_at"],
                ((ids.take(), k, s, b, d, "", self.now) for k, s, b, d in rows),
            ),
        )
        reset_sequence(Reminder)

    def _oldest_open_tasks(self, rows: list[tuple[int, date]]) -> None:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE scale_oldest (case_id bigint, due date)")
            with cursor.cursor.copy("COPY scale_oldest FROM STDIN") as copy:  # type: ignore[union-attr]
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                "UPDATE cases_case SET oldest_open_task_due = o.due FROM scale_oldest o "
                "WHERE cases_case.id = o.case_id"
            )
            cursor.execute("DROP TABLE scale_oldest")

    def notes(self) -> None:
        rng = self.rng
        ids = Ids(CaseNote)

        def rows() -> Iterator[tuple[Any, ...]]:
            kinds = [k for k, _label in CaseNote.Kind.choices]
            for case in self.cases:
                span = max((self.today - case.opened).days, 1)
                # The first case has the long history the benchmark's case page shows.
                count = BUSY_CASE_NOTES if case is self.cases[0] else self.sizes.notes_per_case
                for _n in range(count):
                    agency = rng.choice(case.team)
                    author = rng.choice(self.staff.get(agency) or [self.coordinator_id])
                    day = case.opened + timedelta(days=rng.randrange(span))
                    yield (
                        ids.take(), day, rng.choice(kinds), rng.choice(NOTE_TEXTS),
                        self._stamp(day, 17), agency, None, author, case.id, "", None, 60,
                        "", None, "",
                    )  # fmt: skip

        self.built.add("notes", copy_rows(CaseNote, NOTE_COLUMNS, rows()))
        self.log(f"notes: {self.built.counts['notes']}")

    def referrals(self) -> None:
        """About three referrals in ten cases, in every state, each with its request event."""
        rng = self.rng
        ids, event_ids = Ids(Referral), Ids(ReferralEvent)
        states = ["requested", "acknowledged", "accepted", "in_progress", "completed",
                  "declined", "cancelled"]  # fmt: skip
        referrals, events = [], []
        personas = self._persona_agencies()
        for i, case in enumerate(self.cases):
            if rng.random() >= 0.3 and i >= PERSONA_CASES:
                continue
            status = rng.choice(states) if case.is_open else "completed"
            to_agency = rng.choice(self.agency_ids)
            if i < PERSONA_CASES:  # to the other persona's agency, waiting for an answer
                status, to_agency = "requested", personas[(i + 1) % 2]
            sender = self.staff.get(case.lead) or [self.coordinator_id]
            asked = self._stamp(case.opened + timedelta(days=rng.randrange(1, 60)))
            pk = ids.take()
            at = _referral_times(status, asked)
            referrals.append(
                (
                    pk, "面談と継続的な支援をお願いします。", "本人が相談を希望しています。",
                    "normal", False, False, "", "", status, (asked + timedelta(days=14)).date(),
                    "", "other" if status == "declined" else "", "",
                    "本人の都合により" if status == "cancelled" else "", "", "", "", "", None,
                    asked, at["acknowledged"], at["responded"], at["started"], at["completed"],
                    at["cancelled"], max(t for t in at.values() if t), case.id, None,
                    case.lead, sender[0], to_agency, None,
                )
            )  # fmt: skip
            events.append((event_ids.take(), "requested", asked, "", case.lead, sender[0], pk))
        self.built.add("referrals", copy_rows(Referral, REFERRAL_COLUMNS, referrals))
        copy_rows(ReferralEvent, ["id", "kind", "at", "comment", "agency_id", "by_id",
                                  "referral_id"], events)  # fmt: skip
        self.log(f"referrals: {len(referrals)}")

    def audit(self) -> None:
        """What the services and the pages would have logged: about 29 rows a case.

        Creation of the case, its person, plan, team, goals, tasks and notes
        (auditlog's CREATE), and reads of the case page (ACCESS), each with
        `additional_data.case_id` as cases.audit writes it.
        """
        from auditlog.models import LogEntry

        rng = self.rng
        types: dict[type[Model], int] = {
            m: ContentType.objects.get_for_model(m).pk
            for m in (Case, YoungPerson, SupportPlan, CaseTeamMember, PlanGoal, PlanTask, CaseNote)
        }
        creates: list[type[Model]] = [
            Case,
            SupportPlan,
            *[CaseTeamMember] * 3,
            *[PlanGoal] * 2,
            *[PlanTask] * 3,
        ]
        creates += [CaseNote] * self.sizes.notes_per_case
        ids = Ids(LogEntry)
        create, access = LogEntry.Action.CREATE, LogEntry.Action.ACCESS

        def rows() -> Iterator[tuple[Any, ...]]:
            for case in self.cases:
                data = json.dumps({"case_id": case.id})
                actor = case.key_worker or self.coordinator_id
                at = self._stamp(case.opened)
                for model in creates:
                    yield (
                        ids.take(), str(case.id), case.id, str(case.id), create, "{}", at,
                        actor, types[model], "127.0.0.1", data, "", None,
                    )  # fmt: skip
                for _n in range(9):
                    reader = rng.choice(self.staff.get(rng.choice(case.team)) or [actor])
                    yield (
                        ids.take(), str(case.id), case.id, str(case.id), access, None,
                        at + timedelta(days=rng.randrange(1, 400)), reader, types[Case],
                        "127.0.0.1", data, "", None,
                    )  # fmt: skip

        columns = (  # noqa: SIM905 - a column list, read as one string
            "id object_pk object_id object_repr action changes timestamp actor_id "
            "content_type_id remote_addr additional_data changes_text actor_email"
        ).split()
        self.built.add("audit rows", copy_rows(LogEntry, columns, rows()))
        reset_sequence(LogEntry)
        self.log(f"audit rows: {self.built.counts['audit rows']}")


def _referral_times(status: str, asked: datetime) -> dict[str, datetime | None]:
    """The lifecycle's timestamps a referral in `status` has (referrals.services)."""
    steps = {
        "requested": [],
        "acknowledged": ["acknowledged"],
        "accepted": ["acknowledged", "responded"],
        "in_progress": ["acknowledged", "responded", "started"],
        "completed": ["acknowledged", "responded", "started", "completed"],
        "declined": ["acknowledged", "responded"],
        "cancelled": ["cancelled"],
    }[status]
    times: dict[str, datetime | None] = dict.fromkeys(
        ["acknowledged", "responded", "started", "completed", "cancelled"]
    )
    for n, step in enumerate(steps, start=1):
        times[step] = asked + timedelta(days=2 * n)
    return {**times, "asked": asked}


PERSON_COLUMNS = (  # noqa: SIM905 - a column list, read as one string
    "id family_name given_name family_name_kana given_name_kana date_of_birth gender "
    "phone address daily_status school_or_workplace family_situation consent_to_share "
    "consent_date search_key created_at updated_at"
).split()
CASE_COLUMNS = (  # noqa: SIM905 - a column list, read as one string
    "id fiscal_year sequence number status opened_on closed_on closure_reason "
    "closure_note referral_source referral_source_note risk_level summary "
    "last_reviewed_on next_review_on created_at updated_at created_by_id "
    "key_worker_id lead_agency_id referral_source_agency_id young_person_id"
).split()
TEAM_COLUMNS = (  # noqa: SIM905 - a column list, read as one string
    "id role_text added_at removed_at added_by_id agency_id case_id removed_by_id "
    "consent_overridden_by_id consent_override_reason"
).split()
PLAN_COLUMNS = ["id", "policy", "review_on", "updated_at", "case_id", "updated_by_id"]
GOAL_COLUMNS = ["id", "text", "achieved_on", "sort_order", "plan_id"]
TASK_COLUMNS = (  # noqa: SIM905 - a column list, read as one string
    "id description due_on status completed_on created_at agency_id assignee_id goal_id plan_id"
).split()
NOTE_COLUMNS = (  # noqa: SIM905 - a column list, read as one string
    "id contact_on kind text created_at agency_id amends_id author_id case_id "
    "amend_reason contact_time duration_minutes met next_contact_on place"
).split()
REFERRAL_COLUMNS = (  # noqa: SIM905 - a column list, read as one string
    "id request reason urgency share_summary share_plan documents "
    "consent_override_reason status follow_up_on agreed_role decline_reason "
    "decline_text cancel_reason outcome_provided outcome_got_help help_answer "
    "help_note help_answered_at requested_at acknowledged_at responded_at started_at "
    "completed_at cancelled_at last_activity_at case_id consent_overridden_by_id "
    "from_agency_id from_user_id to_agency_id to_service_id"
).split()


def seed_scale(*, cases: int, seed: int, today: date, log: Callable[[str], None]) -> Built:
    return ScaleSeeder(Sizes(cases=cases), seed=seed, today=today, log=log).run()


def seed_more_cases(*, cases: int, seed: int, today: date) -> Built:
    """More cases for the council seed_scale made (the query-count tests grow it)."""
    return ScaleSeeder(Sizes(cases=cases), seed=seed, today=today, log=lambda _m: None).more_cases()
