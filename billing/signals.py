"""What billing tells the apps above it. Receivers run inside the sender's transaction."""

from django.dispatch import Signal

# An invoice became paid: sent with `invoice=` and `actor=` inside the payment's
# transaction, so a receiver's failure rolls the payment back with it. A receiver that
# tells the payer of the payment itself (the joining flow's 会員資格発行のお知らせ for a
# first invoice) returns True, and billing sends no 入金確認のお知らせ of its own.
invoice_paid = Signal()
