"""Secret links: only the hash of a token is stored, so a leaked database opens nothing."""

from __future__ import annotations

import hashlib


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
