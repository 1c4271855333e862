"""Roster pages: delegations and people, imported and exported as CSV or XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from incamera.i18n.errors import translated
from incamera.kernel.errors import InvalidInputError, RowsInvalidError
from incamera.roster import actions as roster
from incamera.roster.access import access_roster
from incamera.tables import write_csv, write_xlsx
from incamera.web.forms import TableFileForm
from incamera.web.responses import attachment


@login_required
@require_http_methods(["GET", "POST"])
def roster_page(request: HttpRequest) -> HttpResponse:
    user = access_roster(request.user)
    columns = {"people": roster.ROSTER_COLUMNS, "attributes": roster.ATTRIBUTE_COLUMNS}
    context: dict[str, Any] = {f"{kind}_form": TableFileForm(prefix=kind, columns=names) for kind, names in columns.items()}
    status = 200
    if request.method == "POST":
        kind = request.POST.get("import")
        form = TableFileForm(request.POST, request.FILES, prefix=kind, columns=columns.get(kind or "", ()))
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
    context["delegations"] = roster.delegations_with_people()
    return render(request, "roster/roster.html", context, status=status)


@login_required
@require_GET
def roster_export(request: HttpRequest) -> HttpResponse:
    access_roster(request.user)
    rows = roster.roster_rows()
    if request.GET.get("format") == "xlsx":
        return attachment(
            write_xlsx(roster.ROSTER_COLUMNS, rows, title="roster"),
            filename="roster.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return attachment(write_csv(roster.ROSTER_COLUMNS, rows), filename="roster.csv", content_type="text/csv; charset=utf-8")
