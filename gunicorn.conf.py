"""gunicorn's settings, read from the working directory (`gunicorn aiga.wsgi:application`)."""


def post_worker_init(worker):
    """Each web worker renders a small PDF as it starts (the public estimate is drawn in a
    request): no visitor waits for WeasyPrint and the font to load."""
    from aiga.pdf import warm_up

    warm_up()
