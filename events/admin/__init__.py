from events.admin import events  # noqa: F401 - registers the models
