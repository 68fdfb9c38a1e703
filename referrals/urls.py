from django.urls import path

from referrals.views import lists, referral

app_name = "referrals"

urlpatterns = [
    path("", lists.inbox_page, name="inbox"),
    path("sent/", lists.outbox_page, name="outbox"),
    path("measures/", lists.measures_page, name="measures"),
    path("services/", lists.service_options, name="service-options"),
    path("new/<int:case_pk>/", referral.create, name="create"),
    path("<int:pk>/", referral.detail, name="detail"),
    path("<int:pk>/letter/", referral.letter, name="letter"),
    path("<int:pk>/acknowledge/", referral.acknowledge, name="acknowledge"),
    path("<int:pk>/accept/", referral.accept, name="accept"),
    path("<int:pk>/decline/", referral.decline, name="decline"),
    path("<int:pk>/start/", referral.start, name="start"),
    path("<int:pk>/complete/", referral.complete, name="complete"),
    path("<int:pk>/cancel/", referral.cancel, name="cancel"),
    path("<int:pk>/note/", referral.note, name="note"),
    path("<int:pk>/help/", referral.help_answer, name="help"),
    path("<int:pk>/follow-up/", referral.follow_up, name="follow-up"),
]
