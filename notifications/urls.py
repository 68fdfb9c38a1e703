from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("<int:pk>/read/", views.mark_read, name="mark-read"),
    path("read-all/", views.mark_all_read, name="mark-all-read"),
    path("settings/", views.preferences, name="preferences"),
    path("delivery/", views.delivery, name="delivery"),
    path("delivery/<int:pk>/retry/", views.retry, name="retry"),
]
