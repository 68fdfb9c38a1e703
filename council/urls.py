from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from council import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("health/live/", views.health_live, name="health-live"),
    path("accounts/", include("accounts.urls")),
    path("accounts/2fa/", include("accounts.two_factor_urls")),
    path("agencies/", include("agencies.urls")),
    path("cases/", include("cases.urls")),
    path("referrals/", include("referrals.urls")),
    path("meetings/", include("meetings.urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("audit/", include("council.audit_urls")),
    # The language switcher is on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if "demo" in settings.INSTALLED_APPS:  # development only: the benchmark's floor view
    urlpatterns.append(path("demo/", include("demo.urls")))

handler403 = "council.views.permission_denied"
handler404 = "council.views.page_not_found"
handler500 = "council.views.server_error"
