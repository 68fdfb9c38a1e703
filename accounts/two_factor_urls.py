"""The second-factor pages of django-two-factor-auth that Tsunagu uses (TOTP and backup
codes), under their own namespace as the library expects."""

from django.urls import path
from two_factor.views import (
    BackupTokensView,
    DisableView,
    ProfileView,
    QRGeneratorView,
    SetupCompleteView,
    SetupView,
)

app_name = "two_factor"

urlpatterns = [
    path("setup/", SetupView.as_view(), name="setup"),
    path("qrcode/", QRGeneratorView.as_view(), name="qr"),
    path("setup/complete/", SetupCompleteView.as_view(), name="setup_complete"),
    path("backup/tokens/", BackupTokensView.as_view(), name="backup_tokens"),
    path("", ProfileView.as_view(), name="profile"),
    path("disable/", DisableView.as_view(), name="disable"),
]
