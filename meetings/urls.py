from django.urls import path

from meetings.views import agenda, calendar, meetings, minutes

app_name = "meetings"

urlpatterns = [
    path("", meetings.index, name="index"),
    path("month/", meetings.month, name="month"),
    path("new/", meetings.create, name="create"),
    path("calendar/", calendar.feed_settings, name="feed-settings"),
    path("calendar/reset/", calendar.feed_reset, name="feed-reset"),
    path("calendar/<str:token>.ics", calendar.feed, name="feed"),
    path("<int:pk>/", meetings.detail, name="detail"),
    path("<int:pk>/edit/", meetings.edit, name="edit"),
    path("<int:pk>/cancel/", meetings.cancel, name="cancel"),
    path("<int:pk>/invite/", meetings.invite, name="invite"),
    path("<int:pk>/people/", meetings.people, name="people"),
    path("<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("<int:pk>/held/", meetings.held, name="held"),
    path("<int:pk>/meeting.ics", calendar.ics, name="ics"),
    path("<int:pk>/agenda/", agenda.builder, name="agenda"),
    path("<int:pk>/agenda/cases/", agenda.cases, name="cases"),
    path("<int:pk>/agenda/ledger/", agenda.build_ledger, name="build-ledger"),
    path("<int:pk>/agenda/transition/", agenda.build_transition, name="build-transition"),
    path("<int:pk>/agenda/print/", minutes.print_agenda, name="print-agenda"),
    path("<int:pk>/minutes/", minutes.minutes, name="minutes"),
    path("<int:pk>/minutes/print/", minutes.print_minutes, name="print-minutes"),
    path("<int:pk>/minutes/confirm/", minutes.confirm, name="confirm"),
    path("<int:pk>/minutes/amend/", minutes.amend, name="amend"),
    path("<int:pk>/actions/", minutes.action_add, name="action-add"),
    path("actions/<int:action_pk>/done/", minutes.action_done, name="action-done"),
    path("items/<int:item_pk>/edit/", agenda.item_edit, name="item-edit"),
    path("items/<int:item_pk>/move/", agenda.item_move, name="item-move"),
    path("items/<int:item_pk>/minutes/", minutes.minutes_item, name="minutes-item"),
    path("items/<int:item_pk>/note/", minutes.case_note, name="case-note"),
    path("items/<int:item_pk>/record/", minutes.record, name="record"),
    path("items/<int:item_pk>/record/print/", minutes.print_record, name="print-record"),
]
