from events.models.agenda import AgendaIntroduction
from events.models.events import (
    Event,
    EventMaterial,
    EventSegment,
    PressCoverage,
    Speaker,
)
from events.models.kinds import Audience, EventKind
from events.models.registrations import Registration

__all__ = [
    "AgendaIntroduction",
    "Audience",
    "Event",
    "EventKind",
    "EventMaterial",
    "EventSegment",
    "PressCoverage",
    "Registration",
    "Speaker",
]
