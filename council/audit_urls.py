from django.urls import path

from council import audit_views

app_name = "audit"

urlpatterns = [
    path("", audit_views.audit_log, name="log"),
    path("export.csv", audit_views.audit_export, name="export"),
    path("summary/", audit_views.summary, name="summary"),
]
