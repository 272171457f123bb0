"""The line between the regular tier and the SMB/startup tier, as the brochure draws it, and
whether a change of capital or parent share crosses it. Pure: no database, no clock.

The register owns the line so that a 変更届 (members) can tell the secretariat a change
crosses it; the fee rules (billing.fees) use the same constants."""

from __future__ import annotations

from decimal import Decimal

# "資本金1億円より大きいもの" is the regular tier: exactly ¥100,000,000 is still SMB.
SMB_CAPITAL_LIMIT = 100_000_000
# "親会社の資本比率が50%を超える法人を除く": exactly 50% does not disqualify.
PARENT_RATIO_LIMIT = Decimal(50)


def smb_side(*, capital_kind: str, capital: int | None, parent_ratio) -> bool | None:
    """True on the SMB side of the line, False on the regular side, None when the rules do
    not decide it (no capital given, or capital that is not plain yen: the secretariat sets
    those tiers by hand)."""
    if capital_kind != "plain" or capital is None:
        return None
    if capital > SMB_CAPITAL_LIMIT:
        return False
    if parent_ratio is not None and Decimal(str(parent_ratio)) > PARENT_RATIO_LIMIT:
        return False
    return True


def crosses_smb_line(*, before: dict, after: dict) -> bool:
    """Whether the change moves the company across the line (each side a dict of
    capital_kind, capital, parent_ratio). Undecided on either side is not a crossing: the
    secretariat decides those tiers by hand anyway."""
    old, new = smb_side(**before), smb_side(**after)
    return old is not None and new is not None and old != new
