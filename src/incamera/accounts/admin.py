"""The platform admin's back office: accounts (and, in ``secretariats/admin.py``, secretariats).  Meetings are deliberately not registered, so
a platform admin sees nothing inside meetings it does not organise.  Changes to an existing account
go through ``do_admin_change_account``: logged and mailed to the account; the e-mail address is
read-only (changing it, then resetting the password, would take the account over).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from incamera.accounts.actions import ADMIN_EDITABLE, do_admin_change_account
from incamera.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "full_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_active")
    search_fields = ("email", "full_name")
    fields = ("email", "full_name", "is_active", "is_staff")

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> tuple[str, ...]:
        return ("email",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        stored = User.objects.get(pk=obj.pk)
        changes = {name: getattr(obj, name) for name in ADMIN_EDITABLE}
        do_admin_change_account(stored, changes, by=request.user)  # type: ignore[arg-type]
