from django.urls import path

from reports import health_views, needs_views, views

app_name = "reports"

urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("annual/", views.annual, name="annual"),
    path("annual.xlsx", views.annual_xlsx, name="annual-xlsx"),
    path("health/", health_views.health, name="health"),
    path("needs/", needs_views.needs, name="needs"),
    path("needs.csv", needs_views.needs_csv, name="needs-csv"),
    path("needs/new/<int:case_pk>/", needs_views.need_add, name="need-add"),
    path("needs/<int:pk>/move/", needs_views.need_move, name="need-move"),
    path("needs/<int:pk>/agenda/", needs_views.need_agenda, name="need-agenda"),
]
