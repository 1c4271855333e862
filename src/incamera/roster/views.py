"""Roster pages: delegations and people, imported and exported as CSV or XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from incamera.access import may_manage_roster
from incamera.accounts.models import User
from incamera.i18n.errors import translated
from incamera.invitations.forms import InvitationCsvForm
from incamera.kernel.errors import InvalidInputError, RowsInvalidError
from incamera.roster import actions as roster
from incamera.roster.models import Delegation
from incamera.tables import write_csv, write_xlsx


def _organizer(request: HttpRequest) -> User:
    if not may_manage_roster(request.user):
        raise Http404
    return request.user  # type: ignore[return-value]


@login_required
@require_http_methods(["GET", "POST"])
def roster_page(request: HttpRequest) -> HttpResponse:
    user = _organizer(request)
    context: dict[str, Any] = {"people_form": InvitationCsvForm(prefix="people"), "attributes_form": InvitationCsvForm(prefix="attributes")}
    status = 200
    if request.method == "POST":
        kind = request.POST.get("import")
        form = InvitationCsvForm(request.POST, request.FILES, prefix=kind)
        context[f"{kind}_form"] = form
        if kind in {"people", "attributes"} and form.is_valid():
            spec = roster.ROSTER_TABLE if kind == "people" else roster.ATTRIBUTE_TABLE
            data = form.cleaned_data["file"].read(spec.max_bytes + 1)  # one byte over: the action refuses it
            try:
                if kind == "people":
                    created, people = roster.do_import_roster(data, by=user)
                    messages.success(
                        request, _("%(people)d people imported; %(created)d new delegations.") % {"people": people, "created": created}
                    )
                else:
                    count = roster.do_import_attributes(data, by=user)
                    messages.success(request, _("%(count)d attribute values imported.") % {"count": count})
            except RowsInvalidError as exc:
                form.add_error("file", translated(exc))
                context["row_errors"] = exc.rows
                status = 422
            except InvalidInputError as exc:
                form.add_error("file", translated(exc))
                status = 422
            else:
                return redirect("roster:page")
        else:
            status = 422
    context["delegations"] = Delegation.objects.annotate(people_count=Count("people")).prefetch_related("attributes")
    return render(request, "roster/roster.html", context, status=status)


@login_required
@require_GET
def roster_export(request: HttpRequest) -> HttpResponse:
    _organizer(request)
    rows = roster.roster_rows()
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            write_xlsx(roster.ROSTER_COLUMNS, rows, title="roster"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="roster.xlsx"'
        return response
    response = HttpResponse(write_csv(roster.ROSTER_COLUMNS, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="roster.csv"'
    return response
