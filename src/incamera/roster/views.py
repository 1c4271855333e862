"""Roster pages: delegations and people, imported and exported as CSV or XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from incamera.accounts.models import User
from incamera.i18n.errors import translated
from incamera.kernel.errors import InvalidInputError, RowsInvalidError
from incamera.roster import actions as roster
from incamera.roster.access import access_roster, rosters_of
from incamera.secretariats.models import Secretariat
from incamera.tables import write_csv, write_xlsx
from incamera.web.forms import TableFileForm, posted_id
from incamera.web.responses import attachment


def _secretariat(request: HttpRequest) -> Secretariat:
    """The roster asked for (``?secretariat=ID``, or the user's first): 404 unless they keep it."""
    chosen = request.POST.get("secretariat") or request.GET.get("secretariat")
    return access_roster(request.user, posted_id(chosen) if chosen is not None else None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def roster_page(request: HttpRequest) -> HttpResponse:
    secretariat = _secretariat(request)
    user: User = request.user  # type: ignore[assignment]
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
                    created, people = roster.do_import_roster(data, secretariat, by=user)
                    messages.success(
                        request, _("%(people)d people imported; %(created)d new delegations.") % {"people": people, "created": created}
                    )
                else:
                    count = roster.do_import_attributes(data, secretariat, by=user)
                    messages.success(request, _("%(count)d attribute values imported.") % {"count": count})
            except RowsInvalidError as exc:
                form.add_error("file", translated(exc))
                context["row_errors"] = exc.rows
                context["row_errors_of"] = kind
                status = 422
            except InvalidInputError as exc:
                form.add_error("file", translated(exc))
                status = 422
            else:
                return redirect(f"{reverse('roster:page')}?secretariat={secretariat.pk}")
        else:
            status = 422
    context["delegations"] = roster.delegations_with_people(secretariat)
    context["secretariat"] = secretariat
    context["secretariats"] = rosters_of(request.user)
    return render(request, "roster/roster.html", context, status=status)


@login_required
@require_safe
def roster_export(request: HttpRequest) -> HttpResponse:
    rows = roster.roster_rows(_secretariat(request))
    if request.GET.get("format") == "xlsx":
        return attachment(
            write_xlsx(roster.ROSTER_COLUMNS, rows, title="roster"),
            filename="roster.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return attachment(write_csv(roster.ROSTER_COLUMNS, rows), filename="roster.csv", content_type="text/csv; charset=utf-8")
