"""Referrals are personal data about a case: every change is in the audit log."""

from auditlog.registry import auditlog

from referrals.models import Referral, ReferralEvent

auditlog.register(Referral, m2m_fields={"shared_notes"})
auditlog.register(ReferralEvent)
