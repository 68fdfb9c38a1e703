"""One set of rules on every form: messages that name the field, no review dates in the
past, the ledger row that updates at once, dates the Japanese way."""

from datetime import date, timedelta

from django.urls import reverse

from cases.forms import PlanForm, ReviewForm
from cases.tests.test_intake import intake_data


def test_a_missing_field_is_named_in_its_message(client, personas):
    client.force_login(personas.coordinator)
    data = intake_data(
        personas,
        **{"person-family_name": None, "person-date_of_birth": None},
    )
    response = client.post(reverse("cases:intake"), data)
    assert response.status_code == 422
    assert "姓を入力してください。" in response.text
    assert "生年月日を入力してください。" in response.text
    assert "このフィールドは必須です。" not in response.text


def test_a_message_a_form_sets_itself_is_kept(personas, case):
    from cases.forms import NoteCorrectionForm

    form = NoteCorrectionForm(data={})
    assert not form.is_valid()
    assert form.errors["amend_reason"] == ["訂正の理由を書いてください。"]  # its own
    assert form.errors["text"] == ["経過の内容を記入してください。"]  # the model form's own
    assert form.errors["kind"] == ["種別を選択してください。"]  # named for it


def test_review_dates_in_the_past_are_refused_everywhere(client, personas, case):
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert "next_review_on" in ReviewForm({"next_review_on": yesterday}).errors
    assert "review_on" in PlanForm({"review_on": yesterday}).errors
    # a stale date the user leaves alone does not block the rest of the plan
    stale = PlanForm(
        {"review_on": yesterday, "policy": "方針"},
        initial={"review_on": date.today() - timedelta(days=1)},
    )
    assert stale.is_valid()
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("cases:ledger-review", args=[case.pk]),
        {"next_review_on": yesterday},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "次回の見直し日に過去の日付は指定できません。" in response.text
    case.refresh_from_db()
    assert case.next_review_on != date.today() - timedelta(days=1)


def test_review_today_updates_the_last_review_cell_at_once(client, personas, case):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("cases:ledger-review", args=[case.pk]),
        {"next_review_on": (date.today() + timedelta(days=30)).isoformat(), "reviewed_today": "1"},
        HTTP_HX_REQUEST="true",
    )
    # htmx swaps the row's 前回の見直し cell out of band, with today's date
    today = date.today()
    cell = f'id="last-review-{case.pk}" class="text-nowrap" hx-swap-oob="true">'
    assert cell + f"{today.year}年{today.month}月{today.day}日" in response.text
    ledger = client.get(reverse("cases:ledger")).text
    assert f'id="last-review-{case.pk}"' in ledger


def test_dates_in_messages_read_the_japanese_way(personas, case):
    from django.core.exceptions import ValidationError

    from cases import services

    try:
        services.task_add(
            plan=case.plan,
            description="訪問",
            agency=personas.agency_a,
            due_on=case.opened_on - timedelta(days=1),
            by=personas.coordinator,
        )
    except ValidationError as error:
        opened = case.opened_on
        assert f"{opened.year}年{opened.month}月{opened.day}日" in str(error)
    else:
        raise AssertionError("a task due before the case opened was accepted")
