from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    UserChangeForm,
    UserCreationForm,
)
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.translation import gettext_lazy as _

from accounts import outbox
from accounts.models import User
from core.forms import ModelForm
from core.text import is_kana, to_katakana


class LoginForm(AuthenticationForm):
    """Django's login form with Japanese labels and browser autocomplete hints."""

    error_messages = {
        "invalid_login": _(
            "Enter a correct login ID and password. Both are case-sensitive. "
            "After several failed attempts, ask the coordinating office."
        ),
        "inactive": _("This account is inactive. Ask the coordinating office."),
    }

    username = forms.CharField(
        label=_("Login ID"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class _NameFieldsMixin(ModelForm):
    """Kana readings stored as full-width katakana; agency needed unless site admin."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "username" in self.fields:  # the word the sign-in page uses
            self.fields["username"].label = _("Login ID")

    def _clean_kana(self, field: str) -> str:
        value = self.cleaned_data.get(field, "")
        if value and not is_kana(value):
            raise forms.ValidationError(_("Enter the reading in hiragana or katakana."))
        return to_katakana(value)

    def clean_family_name_kana(self) -> str:
        return self._clean_kana("family_name_kana")

    def clean_given_name_kana(self) -> str:
        return self._clean_kana("given_name_kana")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if not cleaned.get("agency") and not cleaned.get("is_superuser"):
            self.add_error("agency", _("Every user except a site administrator needs an agency."))
        return cleaned


class UserAdminCreationForm(_NameFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = (
            "username",
            "email",
            "family_name",
            "given_name",
            "family_name_kana",
            "given_name_kana",
            "agency",
            "role",
        )


class UserAdminChangeForm(_NameFieldsMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = (  # type: ignore[assignment]
            "username",
            "password",
            "email",
            "phone",
            "family_name",
            "given_name",
            "family_name_kana",
            "given_name_kana",
            "agency",
            "role",
            "job_title",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
            "last_login",
            "date_joined",
        )


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset whose email goes through the outbox (accounts.outbox).

    The page answers the same whether or not the address belongs to someone
    (Django's form sends only to existing, active users); the request itself
    now only stores a row, so no SMTP conversation shows in its timing, and a
    mail server that is down no longer drops the message behind a "sent" page.
    """

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        outbox.deliver(message, kind="password_reset")
