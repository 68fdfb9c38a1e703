from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from cases import services
from cases.models import Case, Gender, LedgerExport, YoungPerson


class YoungPersonFactory(factory.django.DjangoModelFactory[YoungPerson]):
    class Meta:
        model = YoungPerson

    family_name = "鈴木"
    given_name = factory.Sequence(lambda n: f"太郎{n}")
    family_name_kana = "スズキ"
    given_name_kana = "タロウ"
    date_of_birth = date(2009, 5, 1)
    gender = Gender.MALE
    consent_to_share = True
    consent_date = date(2026, 4, 1)


def open_case(
    *,
    lead_agency: Agency,
    by: User,
    team: tuple[Agency, ...] = (),
    person: YoungPerson | None = None,
    **fields: Any,
) -> Case:
    """A case opened through the service, as a user would, with extra team agencies."""
    case = services.case_open(
        young_person=person or YoungPersonFactory.create(),
        lead_agency=lead_agency,
        by=by,
        referral_source=fields.pop("referral_source", Case.ReferralSource.FAMILY),
        **fields,
    )
    for agency in team:
        services.team_member_add(case=case, agency=agency, by=by)
    return case


def prepared_export(user: User) -> LedgerExport:
    """A ledger export built in the background and ready for `user` (a small file)."""
    from cases.tasks import export_dir

    export = LedgerExport.objects.create(
        user=user,
        fmt="csv",
        status=LedgerExport.Status.READY,
        file_name=f"test-{user.pk}.csv",
        rows=1,
        ready_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    (export_dir() / export.file_name).write_text("\ufeff事例\n", encoding="utf-8")
    return export
