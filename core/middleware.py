import time

from django.conf import settings
from django.db import connection
from django.utils import translation


class LanguageMiddleware:
    """French first: the language is the one the visitor chose with the switch (cookie),
    otherwise French, whatever the browser's Accept-Language says."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class ServerTimingMiddleware:
    """`Server-Timing: cpu;dur=…, db;dur=…` on every response: the thread's CPU and the
    database's time for this request, read by the load test per request type (DevTools shows
    them too). Off unless PORTAL_SERVER_TIMING: the header tells an outsider how costly each
    page is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        spent = [0.0, 0]

        def timed(execute, sql, params, many, context):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += time.perf_counter() - start
                spent[1] += 1

        cpu = time.thread_time()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        cpu = time.thread_time() - cpu
        response.headers["Server-Timing"] = (
            f'cpu;dur={cpu * 1000:.1f}, db;dur={spent[0] * 1000:.1f};desc="{spent[1]} queries"'
        )
        return response
