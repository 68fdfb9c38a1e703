"""Which side of a referral a user is on (what they may do, not what they may see).

What a user may *see* of the case is the disclosure policy's (cases.access,
with the referral's grant); these rules only say who answers the referral
and who speaks for the sender.
"""

from accounts.models import User
from referrals.models import Referral


def is_receiver(user: User, referral: Referral) -> bool:
    """A practitioner of the receiving agency answers the referral."""
    return bool(user.is_active and user.is_practitioner and user.agency_id == referral.to_agency_id)


def is_sender(user: User, referral: Referral) -> bool:
    """The referring agency's practitioners, the case's lead agency and the coordinators."""
    if not user.is_active:
        return False
    if user.is_coordinator:
        return True
    return bool(
        user.is_practitioner
        and user.agency_id is not None
        and user.agency_id in (referral.from_agency_id, referral.case.lead_agency_id)
    )
