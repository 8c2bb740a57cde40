"""The load test's measure (core.middleware.ServerTimingMiddleware): on when asked, absent in
production's default (it tells an outsider what each page costs)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_no_server_timing_header_by_default(client):
    assert not settings.PORTAL_SERVER_TIMING
    assert "Server-Timing" not in client.get(reverse("admissions:programs")).headers


def test_server_timing_says_the_requests_cpu_and_its_queries(client, settings):
    settings.MIDDLEWARE = ["core.middleware.ServerTimingMiddleware", *settings.MIDDLEWARE]
    response = client.get(reverse("admissions:programs"))
    header = response["Server-Timing"]
    timing = re.fullmatch(r'cpu;dur=([\d.]+), db;dur=([\d.]+);desc="(\d+) queries"', header)
    assert timing, header
    assert float(timing.group(1)) > 0
    assert int(timing.group(3)) >= 1  # the programs page reads the session's intakes
