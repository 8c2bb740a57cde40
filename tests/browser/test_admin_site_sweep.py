"""Every model of the admin site: its list and one change page pass axe (the admins'
configuration pages are pages too), and fit a phone's screen."""

import pytest
from django.contrib import admin
from django.urls import reverse

from admissions.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_accounts
from tests.browser.conftest import PHONE, assert_fits_the_screen, browser_login, page_axe

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_admin_list_and_change_page_passes_axe(desktop_page, session_2021):
    load_demo_accounts()
    page = desktop_page
    browser_login(page, "admin@demo.imt-mines-ales.fr", DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    visited = 0
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if not model_admin.has_view_permission(_Request()):
            continue
        page.goto(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        page_axe(page, context=f"{meta.label} list")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            page.goto(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk]))
            page_axe(page, context=f"{meta.label} change")
        visited += 1
    assert visited >= 15


def test_every_admin_list_add_and_change_page_fits_a_phone(chromium, live_server, session_2021):
    load_demo_accounts()
    context = chromium.new_context(
        viewport=PHONE, base_url=live_server.url, locale="fr-FR", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    browser_login(page, "admin@demo.imt-mines-ales.fr", DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    paths = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if not model_admin.has_view_permission(_Request()):
            continue
        paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        if model_admin.has_add_permission(_Request()):
            paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk]))
    for path in paths:
        assert page.goto(path).status == 200, path
        assert_fits_the_screen(page)
    assert len(paths) >= 40
    context.close()


class _Request:
    """Enough of a request for has_view_permission: a superuser."""

    class user:
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(*args, **kwargs):
            return True
