from navi.admin import versions  # noqa: F401
