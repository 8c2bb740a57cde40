"""Staff (administrators, the jury president): the session's invitations and results, the
results file import, invalidation, identity pictures."""

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from rules.contrib.views import objectgetter

from accounts.permissions import permission_required
from admissions.selectors import session_or_404
from core.files import serve_private_file
from core.views import show_error

from .. import imports, selectors, services
from ..enums import TakeState
from ..filters import TakeFilter
from ..forms import InvalidateForm, ResultsFileForm
from ..models import IdentityPicture, Take

PAGE_SIZE = 50
IMPORT_SALT = "english_test.import"
IMPORT_MAX_AGE = 3600


@permission_required("english_test.view_results")
def staff_list(request, year):
    campaign = session_or_404(year)
    filterset = TakeFilter(request.GET or None, queryset=selectors.staff_take_list(campaign=campaign))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "english_test/staff_list.html",
        {
            "campaign": campaign,
            "form": filterset.form,
            "page": page,
            "query": query.urlencode(),
            "to_invite": len(selectors.applications_to_invite(campaign)),
        },
    )


@permission_required("english_test.send_invitations")
@require_POST
def send_invitations(request, year):
    """Invite now those not invited yet (decisions released after the window opened)."""
    campaign = session_or_404(year)
    try:
        report = services.invitations_send(campaign=campaign, actor=request.user)
    except services.EnglishTestError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            ngettext("%(count)d candidate invited.", "%(count)d candidates invited.", report.invited)
            % {"count": report.invited},
        )
    return redirect("english_test:staff_list", year=year)


@permission_required(
    "english_test.view_results",
    fn=objectgetter(Take.objects.select_related("application__candidate", "application__campaign")),
)
def take_detail(request, pk, obj):
    take = obj
    return render(
        request,
        "english_test/take_detail.html",
        {
            "take": take,
            "campaign": take.application.campaign,
            "pictures": selectors.pictures_of(take),
            "form": InvalidateForm() if take.state != TakeState.INVALIDATED else None,
        },
    )


@permission_required("english_test.invalidate_result", fn=objectgetter(Take))
@require_POST
def invalidate(request, pk, obj):
    take = obj
    form = InvalidateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the invalidation."))
    else:
        try:
            services.take_invalidate(take=take, actor=request.user, reason=form.cleaned_data["reason"])
        except services.EnglishTestError as error:
            show_error(request, error)
        else:
            messages.success(request, _("The English test is invalidated."))
    return redirect("english_test:take_detail", pk=pk)


@permission_required("english_test.view_picture", fn=objectgetter(IdentityPicture))
def picture(request, pk, obj):
    item = obj
    if not item.file:
        raise Http404
    extension = "png" if item.content_type == "image/png" else "jpg"
    return serve_private_file(
        item.file, download_name=f"identity-{item.pk}.{extension}", content_type=item.content_type
    )


@permission_required("english_test.import_results")
def import_results(request, year):
    """Upload → every bad line named with why, nothing imported; a clean file → a preview
    and a confirmation that imports it all at once."""
    campaign = session_or_404(year)
    context = {"campaign": campaign, "form": ResultsFileForm()}
    if request.method != "POST":
        return render(request, "english_test/import.html", context)
    takes = selectors.takes_for_import(campaign=campaign)
    score_max = services.score_max()
    if "payload" in request.POST:
        try:
            payload = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, _("This import has expired: upload the file again."))
            return redirect("english_test:import_results", year=year)
        check = imports.parse(payload["text"].encode(), takes=takes, score_max=score_max)
        if check.clean:
            recorded = services.results_import(
                campaign=campaign, rows=check.rows, actor=request.user, file_name=payload["name"]
            )
            messages.success(
                request,
                ngettext("%(count)d result imported.", "%(count)d results imported.", recorded)
                % {"count": recorded},
            )
            return redirect("english_test:staff_list", year=year)
        context.update(check=check, file_name=payload["name"])
        return render(request, "english_test/import.html", context)
    form = ResultsFileForm(request.POST, request.FILES)
    context["form"] = form
    if form.is_valid():
        upload = form.cleaned_data["file"]
        check = imports.parse(upload.read(imports.MAX_BYTES + 1), takes=takes, score_max=score_max)
        context.update(check=check, file_name=upload.name)
        if check.clean:
            context["payload"] = signing.dumps(
                {"text": check.text, "name": upload.name[:120]}, salt=IMPORT_SALT, compress=True
            )
            context["to_record"] = sum(1 for row in check.rows if not row.unchanged)
    return render(request, "english_test/import.html", context)
