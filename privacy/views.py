"""Thin views: the candidate's data page (download, deletion), the privacy notice, the admin's
retention page (rules in force, holds, tonight's dry run) and the register of processing."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import permission_required
from core.errors import PortalError
from core.files import serve_private_file
from core.pdf import render_pdf
from core.views import show_error

from . import selectors, services
from .forms import DeleteAccountForm
from .models import DataExport


@permission_required("privacy.manage_own_data")
def my_data(request):
    return render(
        request,
        "privacy/my_data.html",
        {
            "export": selectors.export_latest(request.user),
            "plan": services.account_deletion_plan(user=request.user),
        },
    )


@permission_required("privacy.manage_own_data")
@require_POST
def export_request(request):
    services.export_request(user=request.user)
    messages.success(
        request, _("Your download is being prepared: we will tell you by e-mail when it is ready.")
    )
    return redirect("privacy:my_data")


@permission_required("privacy.manage_own_data")
def export_download(request, pk: int):
    try:
        export = selectors.export_ready_of(request.user, pk)
    except DataExport.DoesNotExist:
        raise Http404 from None
    return serve_private_file(
        export.file, download_name="my-data.zip", content_type="application/zip", as_attachment=True
    )


@permission_required("privacy.manage_own_data")
def account_delete(request):
    plan = services.account_deletion_plan(user=request.user)
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user)
        except PortalError as error:
            show_error(request, error)
            return redirect("privacy:account_delete")
        logout(request)
        messages.success(
            request, _("Your account has been deleted. A confirmation was sent to your e-mail address.")
        )
        return redirect("admissions:home")
    return render(request, "privacy/account_delete.html", {"plan": plan, "form": form})


def notice(request):
    return render(request, "privacy/notice.html", {"rules": selectors.rules_in_force()})


@permission_required("privacy.manage_retention")
def retention(request):
    at, lines = services.purge_preview()
    return render(
        request,
        "privacy/retention.html",
        {
            "rules": selectors.rules_in_force(),
            "next_at": at,
            "lines": lines,
            "waiting": services.purge_waiting(),
            "runs": selectors.purge_runs_recent(),
            "holds": selectors.holds_list()[:50],
        },
    )


@permission_required("privacy.manage_retention")
@require_POST
def purge_run(request):
    try:
        run = services.purge_run(actor=request.user)
    except PortalError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "The purge ran: %(n)s file deleted.", "The purge ran: %(n)s files deleted.", run.files_deleted
            )
            % {"n": run.files_deleted},
        )
    return redirect("privacy:retention")


def _register_context():
    return {"rules": selectors.rules_in_force()}


@permission_required("privacy.manage_retention")
def register(request):
    return render(request, "privacy/register.html", _register_context())


@permission_required("privacy.manage_retention")
def register_pdf(request):
    content = render_pdf("pdf/privacy_register.html", _register_context(), language=request.LANGUAGE_CODE)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="register-of-processing.pdf"'
    return response
