"""The demo's stories and the pools its young people are drawn from, as typed data.

Built from data/stories.toml, data/people.toml and data/caseload.toml; the
values the models constrain (statuses, kinds, sources) are checked here, so a
typo in a data file fails before anything is written.
"""

from dataclasses import dataclass
from typing import Any

from cases.models import Case, CaseNote, DailyStatus, Gender
from demo.files import read

Pair = tuple[str, str]


@dataclass(frozen=True)
class NoteText:
    kind: str
    authors: tuple[str, ...]  # demo logins: the note is written by one of them
    text: str


@dataclass(frozen=True)
class Scenario:
    weight: int  # how many demo cases follow this story
    issue: str  # the main presenting issue; up to two `extra_issues` join it
    extra_issues: tuple[str, ...]
    ages: tuple[int, int]  # age when the case opened
    daily: tuple[str, ...]
    school: str
    lead: str
    lead_role: str
    team: tuple[Pair, ...]  # (agency, agreed role), joining in this order
    referrals: tuple[tuple[str, str | None, str], ...]  # (source, agency, details)
    summaries: tuple[str, ...]
    policy: str
    goals: tuple[str, ...]
    tasks: tuple[tuple[str, str, int | None], ...]  # (task, agency, goal index from 0)
    notes: tuple[tuple[NoteText, ...], ...]  # story phases, each with alternatives
    risk: tuple[int, int, int] = (5, 4, 1)  # weights of low, medium, high
    grade_base: int = 12  # {grade} is the age minus this, within 1 to 3


@dataclass(frozen=True)
class People:
    families: tuple[Pair, ...]  # (family situation, who talks with the team)
    hobbies: tuple[Pair, ...]  # (hobby, "spending time ..." form)
    places: tuple[str, ...]
    address: str  # with {town} and {block}
    towns: tuple[str, ...]
    surnames: tuple[Pair, ...]  # (name, kana)
    given_names: dict[str, tuple[Pair, ...]]  # by gender
    gender_weights: tuple[int, ...]  # in the order of given_names


@dataclass(frozen=True)
class Caseload:
    statuses: tuple[Case.Status, ...]  # one per case, oldest first
    closures: tuple[Pair, ...]  # (reason, note), taken in order by the closed cases
    amendment: str  # with {month} and {day}
    amend_reason: str  # the reason given for that correction
    colleague_joins: str  # with {family_name} and {job_title}
    consent_override: str  # the office's reason when the young person has not consented


def _note(entry: dict[str, Any], pools: dict[str, list[str]]) -> NoteText:
    authors = pools.get(entry["author"], [entry["author"]])
    return NoteText(CaseNote.Kind(entry["kind"]), tuple(authors), entry["text"])


def _scenario(entry: dict[str, Any], data: dict[str, Any]) -> Scenario:
    shared, pools = data.get("shared_phases", {}), data.get("author_pools", {})
    phases = [shared[p["shared"]] if "shared" in p else p["alternatives"] for p in entry["notes"]]
    low, high = entry["ages"]
    low_risk, medium_risk, high_risk = entry.get("risk", Scenario.risk)
    return Scenario(
        weight=entry["weight"],
        issue=entry["issue"],
        extra_issues=tuple(entry["extra_issues"]),
        ages=(low, high),
        daily=tuple(DailyStatus(value) for value in entry["daily"]),
        school=entry.get("school", ""),
        lead=entry["lead"],
        lead_role=entry["lead_role"],
        team=tuple((member["agency"], member["role"]) for member in entry["team"]),
        referrals=tuple(
            (Case.ReferralSource(r["source"]), r.get("agency"), r["details"])
            for r in entry["referrals"]
        ),
        summaries=tuple(entry["summaries"]),
        policy=entry["policy"],
        goals=tuple(entry["goals"]),
        tasks=tuple(
            (t["text"], t["agency"], t["goal"] - 1 if "goal" in t else None) for t in entry["tasks"]
        ),
        notes=tuple(tuple(_note(note, pools) for note in phase) for phase in phases),
        risk=(low_risk, medium_risk, high_risk),
        grade_base=entry.get("grade_base", Scenario.grade_base),
    )


def scenarios() -> list[Scenario]:
    data = read("stories")
    return [_scenario(entry, data) for entry in data["scenarios"]]


def _pairs(rows: list[list[str]]) -> tuple[Pair, ...]:
    return tuple((name, kana) for name, kana in rows)


def people() -> People:
    data = read("people")
    given = {Gender(gender): entry for gender, entry in data["given_names"].items()}
    return People(
        families=tuple((f["situation"], f["parent"]) for f in data["families"]),
        hobbies=tuple((h["hobby"], h["doing"]) for h in data["hobbies"]),
        places=tuple(data["places"]),
        address=data["address"],
        towns=tuple(data["towns"]),
        surnames=_pairs(data["surnames"]),
        given_names={gender: _pairs(entry["names"]) for gender, entry in given.items()},
        gender_weights=tuple(entry["weight"] for entry in given.values()),
    )


def caseload() -> Caseload:
    data = read("caseload")
    letters = data["status_letters"]
    return Caseload(
        statuses=tuple(Case.Status(letters[letter]) for letter in data["status_plan"]),
        closures=tuple((Case.ClosureReason(c["reason"]), c["note"]) for c in data["closures"]),
        amendment=data["amendment"],
        amend_reason=data["amend_reason"],
        colleague_joins=data["colleague_joins"],
        consent_override=data["consent_override"],
    )
