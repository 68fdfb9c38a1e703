"""The data files agree with each other, so seed_demo fails on no typo halfway through."""

from demo.files import read
from demo.stories import caseload, people, scenarios

AGENCIES = {agency["name"] for agency in read("agencies")["agencies"]}
LOGINS = {user["login"] for user in read("users")["users"]}


def test_exactly_one_coordinating_agency() -> None:
    roles = [agency["council_role"] for agency in read("agencies")["agencies"]]
    assert roles.count("coordinating") == 1
    assert len(AGENCIES) == len(roles) == 18


def test_users_belong_to_agencies_of_the_registry() -> None:
    assert {user["agency"] for user in read("users")["users"]} <= AGENCIES


def test_stories_name_agencies_of_the_registry() -> None:
    for scenario in scenarios():
        named = {scenario.lead, *(name for name, _ in scenario.team)}
        named |= {agency for _, agency, _ in scenario.referrals if agency}
        named |= {agency for _, agency, _ in scenario.tasks}
        assert named <= AGENCIES, scenario.issue


def test_notes_are_written_by_demo_users() -> None:
    for scenario in scenarios():
        for phase in scenario.notes:
            for note in phase:
                assert set(note.authors) <= LOGINS, note.text


def test_tasks_serve_goals_of_their_story() -> None:
    for scenario in scenarios():
        for text, _, goal in scenario.tasks:
            assert goal is None or 0 <= goal < len(scenario.goals), text


def test_one_story_surname_and_status_for_each_case() -> None:
    layout = caseload()
    cases = sum(scenario.weight for scenario in scenarios())
    assert cases == len(layout.statuses) == 45
    assert len(people().surnames) >= cases
    assert len(layout.closures) == layout.statuses.count("closed")


def test_every_gender_has_given_names() -> None:
    pool = people()
    assert len(pool.gender_weights) == len(pool.given_names)
    assert all(pool.given_names.values())
