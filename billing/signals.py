"""What billing tells the apps above it. Receivers run inside the sender's transaction."""

from django.dispatch import Signal

# An invoice became paid: sent with `invoice=` and `actor=` inside the payment's
# transaction, so a receiver's failure rolls the payment back with it.
invoice_paid = Signal()
