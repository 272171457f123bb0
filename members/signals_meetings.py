"""What the register tells the apps above it about board meetings. Receivers run inside the
sender's transaction."""

from django.dispatch import Signal

# A board meeting's date changed: sent with `meeting=`, `old_date=`, `new_date=` (dates),
# `actor=` and `change_id=` (the audit entry of the change, distinct for every move) inside
# the saving transaction. The joining flow tells the applicants on the agenda.
board_meeting_moved = Signal()
