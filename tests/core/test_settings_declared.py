"""Every setting of the portal's own is declared once, in config/settings/base.py, read
from the environment, and listed in .env.example (DESIGN.md, Settings; issue 8)."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("accounts", "admissions", "apprenticeship", "candidates", "core", "jury", "notifications", "payments")
OWN = re.compile(r"\bsettings\.((?:PORTAL|NOTIFICATIONS|STRIPE|PAYMENT)_[A-Z_]+)")


def _sources():
    for app in APPS:
        yield from (ROOT / app).rglob("*.py")


def test_no_setting_hides_behind_a_default_in_the_code():
    hidden = [str(path.relative_to(ROOT)) for path in _sources() if "getattr(settings" in path.read_text()]
    assert hidden == []


def test_every_portal_setting_is_declared_from_the_environment_and_listed_in_env_example():
    read = {name for path in _sources() for name in OWN.findall(path.read_text())}
    base = (ROOT / "config" / "settings" / "base.py").read_text()
    example = (ROOT / ".env.example").read_text()
    assert {"PORTAL_UPLOAD_MAX_BYTES", "NOTIFICATIONS_MAX_ATTEMPTS", "PAYMENT_PROVIDERS"} <= read
    for name in sorted(read):
        assert re.search(rf'^{name} = env(\.\w+)?\("{name}"', base, re.M), f"{name} is not read from the env"
        assert re.search(rf"^{name}=", example, re.M), f"{name} is missing from .env.example"
