"""Settings for `make bench`'s server: production settings plus the trivial view each page
is compared with (scripts/bench_urls.py). Never used outside the bench."""

from aiga.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
