"""Which open invoice a bank credit pays. Pure: every input is an argument, no database.

For each credit, in order:
1. an invoice number (AIGA-2025-0012) or member number (AIGA-0001, 0001) written before
   (or after) the payer's name, as the invoices ask;
2. the payer's kana against each organisation's kana, both through `members.kana.
   bank_name_key` (half-width, small kana, long vowels, spaces and legal forms as banks
   write them), exactly or, for a name the bank's field cut short, by its beginning;
3. the amount alone, among all open invoices.
A proposal is `HIGH` only when who paid and how much agree exactly; confirming "all
confident ones" books those and nothing else. `MEDIUM`: the payer is certain and the
amount short by no more than a transfer fee or in excess, or the name matched by its
beginning; `LOW`: short by more, or the amount alone.
"""

from __future__ import annotations

import bisect
import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from members.kana import bank_name_key

HIGH, MEDIUM, LOW, NONE = "high", "medium", "low", "none"

# Why a proposal was made (billing.models.BankLine.Reason holds their labels).
BY_INVOICE_NUMBER = "invoice_number"
BY_MEMBER_NUMBER = "member_number"
BY_NAME = "name"
BY_NAME_PREFIX = "name_prefix"
BY_AMOUNT = "amount"
NOTHING = "none"
AMBIGUOUS = "ambiguous"

# Shortest name a truncated payer field is compared by: shorter ones match too much.
MIN_PREFIX = 6


@dataclass(frozen=True)
class OpenInvoice:
    id: int
    number: str
    organisation_id: int
    balance: int  # still owed, yen
    issue_date: datetime.date


@dataclass(frozen=True)
class Payer:
    """An organisation as the matcher knows it."""

    id: int
    kana: str
    member_number: str = ""


@dataclass(frozen=True)
class Credit:
    key: int  # the caller's id for the credit (its line)
    amount: int
    payer_name: str


@dataclass(frozen=True)
class Proposal:
    key: int
    invoice_id: int | None
    organisation_id: int | None
    confidence: str
    reason: str
    difference: int = 0  # amount - balance: negative short, positive excess


_INVOICE_NO = re.compile(r"(?:AIGA)?-?(20\d{2})-?(\d{4,6})(?!\d)")
_MEMBER_NO = re.compile(r"(?:AIGA)?-?(\d{4,6})(?!\d)")


def written_numbers(payer_name: str) -> tuple[str, str]:
    """(invoice number, member number) written before or after the name, as the
    association writes them; "" where there is none.
    「AIGA-2025-0012 ｶ)ﾐﾗｲ」 → ("AIGA-2025-0012", ""); 「0001 ﾐﾅﾄ」 → ("", "AIGA-0001")."""
    text = unicodedata.normalize("NFKC", payer_name or "").upper()
    words = text.split()
    ends = [words[0], words[-1]] if words else []
    for word in ends:
        compact = word.replace("－", "-")
        if match := _INVOICE_NO.fullmatch(compact):
            return f"AIGA-{match[1]}-{match[2]}", ""
    # A number run into the name: 「AIGA0001ﾐﾅﾄ」.
    if match := re.match(r"(?:AIGA)?-?(20\d{2})-(\d{4,6})(?!\d)", text):
        return f"AIGA-{match[1]}-{match[2]}", ""
    for word in ends:
        if match := _MEMBER_NO.fullmatch(word):
            return "", f"AIGA-{int(match[1]):04d}"
    if match := re.match(r"(?:AIGA)-?(\d{4,6})(?!\d)", text):
        return "", f"AIGA-{int(match[1]):04d}"
    return "", ""


def _name_only(payer_name: str) -> str:
    """The payer's name without a number written before or after it."""
    words = unicodedata.normalize("NFKC", payer_name or "").upper().split()
    while words and re.fullmatch(r"(?:AIGA)?[-\d]+", words[0]):
        words.pop(0)
    while words and re.fullmatch(r"(?:AIGA)?[-\d]+", words[-1]):
        words.pop()
    text = " ".join(words)
    return re.sub(r"^AIGA-?\d{4}(?:-\d{4,6})?", "", text)


def payer_key(payer_name: str) -> str:
    """The payer as two files of the same payment agree on it: the name's key, without a
    number written with it."""
    return bank_name_key(_name_only(payer_name))


class Matcher:
    """Built once per import from the open invoices and the organisations; `propose` then
    answers each credit, keeping track of what earlier credits of the file already paid."""

    def __init__(
        self,
        *,
        invoices: list[OpenInvoice],
        payers: list[Payer],
        fee_tolerance: int,
    ):
        self.fee_tolerance = fee_tolerance
        self.balance = {invoice.id: invoice.balance for invoice in invoices}
        self.by_number = {invoice.number: invoice for invoice in invoices}
        self.by_organisation: dict[int, list[OpenInvoice]] = defaultdict(list)
        self.by_amount: dict[int, list[OpenInvoice]] = defaultdict(list)
        for invoice in sorted(invoices, key=lambda i: (i.issue_date, i.id)):
            self.by_organisation[invoice.organisation_id].append(invoice)
            self.by_amount[invoice.balance].append(invoice)
        self.by_member_number = {p.member_number: p for p in payers if p.member_number}
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for payer in payers:
            key = bank_name_key(payer.kana)
            if key:
                self.by_key[key].append(payer.id)
        self.keys = sorted(self.by_key)

    # ------------------------------------------------------------------ helpers

    def _open(self, invoice: OpenInvoice) -> bool:
        return self.balance[invoice.id] > 0

    def _fits(self, invoice: OpenInvoice, amount: int) -> bool:
        """Exactly the balance, or short of it by no more than a transfer fee."""
        owed = self.balance[invoice.id]
        return owed > 0 and 0 <= owed - amount <= self.fee_tolerance

    def _best_of(self, invoices: list[OpenInvoice], amount: int) -> tuple[OpenInvoice, bool]:
        """The organisation's invoice this amount pays: the oldest it pays exactly, else
        the oldest it pays less a fee, else the oldest still open (exact: False)."""
        open_ones = [i for i in invoices if self._open(i)]
        for invoice in open_ones:
            if self.balance[invoice.id] == amount:
                return invoice, True
        for invoice in open_ones:
            if self._fits(invoice, amount):
                return invoice, False
        return open_ones[0], False

    def _propose(self, credit: Credit, invoice: OpenInvoice, confidence: str, reason: str):
        difference = credit.amount - self.balance[invoice.id]
        self.balance[invoice.id] = max(self.balance[invoice.id] - credit.amount, 0)
        return Proposal(
            key=credit.key,
            invoice_id=invoice.id,
            organisation_id=invoice.organisation_id,
            confidence=confidence,
            reason=reason,
            difference=difference,
        )

    def _for_organisations(self, credit: Credit, organisation_ids: list[int], reason: str):
        invoices = [i for o in organisation_ids for i in self.by_organisation.get(o, [])]
        if not any(self._open(i) for i in invoices):
            return None
        invoice, exact = self._best_of(invoices, credit.amount)
        owed = self.balance[invoice.id]
        if exact and len(organisation_ids) == 1 and reason in (BY_NAME, BY_MEMBER_NUMBER):
            confidence = HIGH
        elif exact or self._fits(invoice, credit.amount) or credit.amount > owed:
            confidence = MEDIUM  # theirs, with a fee deducted or paid in excess
        else:
            confidence = LOW
        return self._propose(credit, invoice, confidence, reason)

    def _prefix_matches(self, key: str) -> list[int]:
        """Organisations whose name begins with the payer's (a field cut short), or whose
        name the payer's begins with (a branch or department added after it)."""
        found: list[int] = []
        if len(key) >= MIN_PREFIX:
            start = bisect.bisect_left(self.keys, key)
            for name in self.keys[start:]:
                if not name.startswith(key):
                    break
                found.extend(self.by_key[name])
        for end in range(len(key) - 1, MIN_PREFIX - 1, -1):
            found.extend(self.by_key.get(key[:end], []))
        return list(dict.fromkeys(found))

    # ------------------------------------------------------------------- propose

    def propose(self, credit: Credit) -> Proposal:
        invoice_number, member_number = written_numbers(credit.payer_name)
        if invoice_number and invoice_number in self.by_number:
            invoice = self.by_number[invoice_number]
            if self._open(invoice):
                exact = self.balance[invoice.id] == credit.amount
                return self._propose(credit, invoice, HIGH if exact else MEDIUM, BY_INVOICE_NUMBER)
        if member_number and member_number in self.by_member_number:
            payer = self.by_member_number[member_number]
            proposal = self._for_organisations(credit, [payer.id], BY_MEMBER_NUMBER)
            if proposal:
                return proposal
        key = bank_name_key(_name_only(credit.payer_name))
        if key in self.by_key:
            proposal = self._for_organisations(credit, self.by_key[key], BY_NAME)
            if proposal:
                return proposal
        if key:
            prefixed = self._prefix_matches(key)
            if prefixed:
                proposal = self._for_organisations(credit, prefixed, BY_NAME_PREFIX)
                if proposal:
                    return proposal
        same_amount = [i for i in self.by_amount.get(credit.amount, []) if self._open(i)]
        same_amount = [i for i in same_amount if self.balance[i.id] == credit.amount]
        if len(same_amount) == 1:
            return self._propose(credit, same_amount[0], LOW, BY_AMOUNT)
        return Proposal(
            key=credit.key,
            invoice_id=None,
            organisation_id=None,
            confidence=NONE,
            reason=AMBIGUOUS if same_amount else NOTHING,
        )


def match_credits(
    *, credits: list[Credit], invoices: list[OpenInvoice], payers: list[Payer], fee_tolerance: int
) -> list[Proposal]:
    """A proposal for each credit, in the file's order."""
    matcher = Matcher(invoices=invoices, payers=payers, fee_tolerance=fee_tolerance)
    return [matcher.propose(credit) for credit in credits]
