"""What the building blocks tell the apps. Receivers run inside the sender's transaction."""

from django.dispatch import Signal

# An outbox message went out: sent with `message=` inside the delivery's transaction.
message_sent = Signal()
