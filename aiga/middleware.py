class JapaneseFirstMiddleware:
    """Japanese unless the visitor chose English with the language switcher.

    Django's LocaleMiddleware would otherwise follow the browser's Accept-Language, and
    an English browser would get a half-translated mix on a Japanese-first site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
