"""The joining steps: applications and agreements, review, the board's decisions, onboarding."""

from members.admissions.models.acceptances import MemberAcceptance
from members.admissions.models.applications import (
    AgreementDocument,
    Application,
    ApplicationContact,
    Consent,
    draft_link_days,
    logo_upload_to,
)
from members.admissions.models.onboarding import OnboardingStep
from members.admissions.models.review import (
    AgendaItem,
    ApplicationReview,
    BoardDecision,
    CorrectionRequest,
    ReviewCheck,
)

__all__ = [
    "AgreementDocument",
    "logo_upload_to",
    "Application",
    "ApplicationContact",
    "Consent",
    "draft_link_days",
    "AgendaItem",
    "ReviewCheck",
    "CorrectionRequest",
    "BoardDecision",
    "ApplicationReview",
    "OnboardingStep",
    "MemberAcceptance",
]
