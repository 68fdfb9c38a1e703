from django.contrib import admin
from django.urls import include, path

from council import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("agencies/", include("agencies.urls")),
    path("cases/", include("cases.urls")),
    path("meetings/", include("meetings.urls")),
    path("notifications/", include("notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "council.views.permission_denied"
handler404 = "council.views.page_not_found"
handler500 = "council.views.server_error"
