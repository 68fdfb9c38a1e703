"""Retention blanks a referral's free text, its timeline comments and their audit history."""

from datetime import date

import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command

from cases import services as case_services
from cases.tests.factories import YoungPersonFactory, open_case
from referrals import services
from referrals.models import Referral
from referrals.tests.factories import refer

SECRET = "古川さんの母親が入院中のため"


def test_retention_covers_the_referral_text(personas):
    with time_machine.travel(date(2018, 5, 1)):
        case = open_case(
            lead_agency=personas.agency_a,
            by=personas.coordinator,
            person=YoungPersonFactory.create(family_name="古川"),
        )
        referral = refer(
            case, personas.agency_b, personas.practitioner_a, request=SECRET, reason=SECRET
        )
        services.referral_decline(
            referral_id=referral.pk, by=personas.practitioner_b, reason="other", text=SECRET
        )
        case_services.case_close(case=case, reason="goal_reached", by=personas.coordinator)

    with time_machine.travel(date(2026, 11, 28)):
        call_command("anonymise_closed_cases")

    referral = Referral.objects.get(pk=referral.pk)
    assert SECRET not in (referral.request, referral.reason, referral.decline_text)
    assert not referral.events.filter(comment__contains=SECRET).exists()
    entries = LogEntry.objects.filter(content_type__app_label="referrals")
    assert entries.exists()
    assert not any(SECRET in f"{e.changes} {e.object_repr}" for e in entries)
