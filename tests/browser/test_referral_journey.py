"""A referral closes its loop in a real browser, from both sides."""

import re

import pytest
from playwright.sync_api import expect

from cases.tests.factories import open_case
from referrals.models import Referral
from tests.browser.conftest import assert_accessible
from tests.browser.test_case_journeys import field

pytestmark = pytest.mark.browser


def test_a_referral_goes_round_and_the_sender_hears_at_every_step(signed_in, personas):
    case = open_case(
        lead_agency=personas.agency_a, by=personas.coordinator, key_worker=personas.practitioner_a
    )
    a = signed_in("practitioner_a")
    b = signed_in("practitioner_b")

    # A refers the case to agency B from the case page
    a.goto(case.get_absolute_url())
    a.get_by_role("link", name="他機関に依頼する").click()
    expect(a.get_by_role("heading", level=1)).to_have_text("他機関に依頼する")
    assert_accessible(a)
    field(a, "依頼先").select_option(label=personas.agency_b.name)
    field(a, "依頼する内容").fill("就労に向けた個別相談をお願いします")
    field(a, "依頼の理由（なぜこの機関に、なぜ今か）").fill("働くことに関心が出てきたため")
    a.get_by_label("ケースの概要と主訴を共有する").check()
    a.get_by_role("button", name="依頼を送る").click()
    expect(a.locator(".alert-success")).to_contain_text(personas.agency_b.name)
    referral = Referral.objects.get()

    # B finds it in the inbox, sees only the label, confirms receipt and accepts
    b.goto("/referrals/")
    b.get_by_role("link", name=case.anonymised_label).click()
    expect(b.locator("main")).to_contain_text("就労に向けた個別相談をお願いします")
    expect(b.locator("main")).not_to_contain_text(case.young_person.family_name)
    assert_accessible(b)
    b.get_by_role("button", name="受領を確認する").click()
    expect(b.locator(".alert-success")).to_contain_text("受領を確認しました")
    b.get_by_role("link", name="受諾する…").click()
    field(b, "ケースチームでの自機関の役割").fill("週1回の個別相談")
    b.get_by_role("button", name="受諾してケースチームに加わる").click()
    expect(b.locator(".alert-success")).to_contain_text("受諾しました")
    expect(b.locator("main")).to_contain_text(case.young_person.family_name)

    # A sees it in the notification centre and on the case page
    a.goto("/")
    a.locator("#nav-notifications").click()
    expect(a.locator("main")).to_contain_text(f"{personas.agency_b.name} が依頼を受諾しました")
    a.goto(case.get_absolute_url())
    panel = a.locator("#referrals")
    expect(panel).to_contain_text("受諾")
    expect(a.locator("main")).to_contain_text("週1回の個別相談")  # B is on the team

    # B completes with the outcome
    b.goto(referral.get_absolute_url())
    b.get_by_role("link", name="結果を記録して完了する…").click()
    field(b, "提供した支援").fill("個別相談を5回行い、就労体験につないだ")
    b.get_by_label("はい、支援を受けられた").check()
    b.get_by_role("button", name="完了する").click()
    expect(b.locator(".alert-success")).to_contain_text("完了しました")

    # A records that the young person got the help: the loop is closed
    a.goto(referral.get_absolute_url())
    expect(a.locator("main")).to_contain_text("個別相談を5回行い")
    a.get_by_role("link", name=re.compile("本人は支援を受けられましたか")).click()
    a.get_by_label("はい、支援を受けられた").check()
    a.get_by_role("button", name="回答を記録する").click()
    expect(a.locator(".alert-success")).to_contain_text("依頼の経過が完結しました")
    referral.refresh_from_db()
    assert (referral.status, referral.help_answer) == ("completed", "yes")
    assert list(referral.events.values_list("kind", flat=True)) == [
        "requested",
        "acknowledged",
        "accepted",
        "completed",
        "help_answered",
    ]
