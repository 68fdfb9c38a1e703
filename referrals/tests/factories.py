"""Referrals for tests, made through the services as users would."""

from typing import Any

from accounts.models import User
from agencies.models import Agency
from cases.models import Case
from referrals import services
from referrals.models import Referral, Urgency


def refer(case: Case, to_agency: Agency, by: User, **fields: Any) -> Referral:
    data: dict[str, Any] = {
        "request": "就労準備の個別相談をお願いしたい",
        "reason": "本人が働くことに関心を示し始めたため",
        "urgency": Urgency.NORMAL,
    }
    data.update(fields)
    return services.referral_create(case=case, to_agency=to_agency, by=by, **data)
