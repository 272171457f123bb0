from navi.models.assessments import NaviAnswer, NaviAssessment
from navi.models.rounds import NaviRound
from navi.models.versions import (
    RECONSTRUCTION_MARK,
    REVIEW_MARK,
    ImmutableError,
    NaviArea,
    NaviItem,
    NaviLevel,
    NaviReference,
    NaviVersion,
    in_language,
)

__all__ = [
    "RECONSTRUCTION_MARK",
    "REVIEW_MARK",
    "ImmutableError",
    "NaviAnswer",
    "NaviAssessment",
    "NaviArea",
    "NaviItem",
    "NaviLevel",
    "NaviReference",
    "NaviRound",
    "NaviVersion",
    "in_language",
]
