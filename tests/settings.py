"""Settings for the test suite: the real settings module, with test defaults in the environment."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "true")
# Most tests sign people in with force_login, which has no second factor; the tests of the
# second factor (tests/members/test_two_factor.py) and the browser tests switch it on, as
# production has it (a test checks production's default).
os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")

from aiga.settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
