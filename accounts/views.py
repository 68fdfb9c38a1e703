from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm
from two_factor.views import LoginView as TwoFactorLoginView

from accounts.audit import log_unlock
from accounts.forms import LoginForm
from accounts.models import User
from accounts.policy import can_unlock_accounts, requires_second_factor
from core.http import user_of


class LoginView(TwoFactorLoginView):
    """Sign-in: the password, then the authenticator's code for those who have one."""

    form_list = (
        (TwoFactorLoginView.AUTH_STEP, LoginForm),
        (TwoFactorLoginView.TOKEN_STEP, AuthenticationTokenForm),
        (TwoFactorLoginView.BACKUP_STEP, BackupTokenForm),
    )
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own account: name, agency, role, password, second factor."""
    user = user_of(request)
    context = {"person": user, "second_factor_required": requires_second_factor(user)}
    return render(request, "accounts/profile.html", context)


@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this user, on every computer (a lost or shared device)."""
    user = user_of(request)
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    logout(request)
    messages.success(request, _("You were signed out on every computer and phone."))
    return redirect(settings.LOGIN_URL)


def _locked(attempts: list[AccessAttempt]) -> list[AccessAttempt]:
    return [a for a in attempts if a.failures_since_start >= settings.AXES_FAILURE_LIMIT]


@require_GET
def lockouts(request: HttpRequest) -> HttpResponse:
    """Accounts and addresses locked after failed sign-ins (the coordinating office)."""
    if not can_unlock_accounts(user_of(request)):
        raise PermissionDenied
    attempts = list(AccessAttempt.objects.order_by("-attempt_time")[:200])
    return render(request, "accounts/lockouts.html", {"locked": _locked(attempts)})


@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not can_unlock_accounts(user):
        raise PermissionDenied
    username = request.POST.get("username", "")[:150]
    address = request.POST.get("ip_address", "")[:45]
    if not (username or address):
        messages.error(request, _("Choose an account or an address to unlock."))
        return redirect("accounts:lockouts")
    count = reset(username=username or None, ip=address or None)
    log_unlock(by=user, username=username, ip_address=address, attempts=count)
    messages.success(
        request,
        _("Unlocked %(who)s. They can sign in again.") % {"who": username or address},
    )
    return redirect("accounts:lockouts")
