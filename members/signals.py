"""Signals the register sends for the apps built on it to answer."""

from django.dispatch import Signal

# Sent with `meeting` (a written resolution) when its 提案書 and 同意書 are drawn up. A
# receiver returns the proposal items it owns, each a dict with "title" (「…の件」) and
# optionally "detail" (lines under it), in the order they go on the document. The
# admissions app answers with the applications on the meeting's agenda.
written_resolution_items = Signal()
