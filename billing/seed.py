"""Demo data for fees: nothing to add, the fee schedule is seeded by migration 0002."""


def seed(stdout) -> list[str]:
    from billing.models import FeeSchedule

    stdout.write(f"billing: {FeeSchedule.objects.count()} fee schedule rows (seeded by migration)")
    return []
