import pytest
from django.urls import reverse

from accounts.forms import UserAdminCreationForm
from accounts.tests.factories import PASSWORD


def test_login_page_is_japanese(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert '<html lang="ja">' in response.text
    assert "ログインID" in response.text


def sign_in(username: str, password: str) -> dict[str, str]:
    """The first step of the sign-in wizard (password), as the browser posts it."""
    return {
        "login_view-current_step": "auth",
        "auth-username": username,
        "auth-password": password,
    }


def test_login_with_the_right_password_reaches_the_dashboard(client, personas):
    response = client.post(
        reverse("accounts:login"), sign_in("practitioner_a", PASSWORD), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"] == personas.practitioner_a


def test_login_with_a_wrong_password_says_so_in_japanese(client, personas):
    response = client.post(reverse("accounts:login"), sign_in("practitioner_a", "wrong"))
    assert response.status_code == 200
    assert "正しいログインIDとパスワードを入力してください" in response.text


def test_logout_is_post_only(client, personas):
    client.force_login(personas.practitioner_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_applies_the_validators(client, personas):
    client.force_login(personas.practitioner_a)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    assert "このパスワードは短すぎます" in response.text


@pytest.mark.parametrize(("kana", "stored"), [("やまだ", "ヤマダ"), ("ﾔﾏﾀﾞ", "ヤマダ")])
def test_user_kana_is_stored_as_katakana(personas, kana, stored):
    form = UserAdminCreationForm(
        {
            "username": "newuser",
            "email": "new@example.jp",
            "family_name": "山田",
            "given_name": "太郎",
            "family_name_kana": kana,
            "given_name_kana": "たろう",
            "agency": personas.agency_a.pk,
            "role": "practitioner",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["family_name_kana"] == stored


def test_user_needs_kana_and_an_agency(personas):
    form = UserAdminCreationForm(
        {
            "username": "newuser",
            "family_name": "山田",
            "given_name": "太郎",
            "family_name_kana": "山田",
            "role": "practitioner",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        }
    )
    assert not form.is_valid()
    assert "ひらがなかカタカナ" in form.errors["family_name_kana"][0]
    assert "agency" in form.errors


def test_users_are_deactivated_never_deleted(client, personas, case):
    from auditlog.models import LogEntry
    from django.db.models import ProtectedError

    client.force_login(personas.practitioner_a)
    client.get(case.get_absolute_url())
    with pytest.raises(ProtectedError):
        personas.practitioner_a.delete()
    personas.practitioner_a.family_name = "改姓"
    personas.practitioner_a.save(update_fields=["family_name"])
    read = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert read.actor == personas.practitioner_a  # the row still names who read the case


def test_the_admin_offers_no_delete_for_users(client, personas):
    admin_user = personas.coordinator
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_delete", args=[personas.practitioner_a.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = client.get(reverse("admin:accounts_user_changelist")).text
    assert "delete_selected" not in changelist
