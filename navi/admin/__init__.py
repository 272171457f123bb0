from navi.admin import rounds, versions  # noqa: F401
