"""Secretariats in the platform admin's back office: create one, see who holds which role.
Roles are granted and revoked with ``incamera secretariat`` (or by an admin here), each change
an event; a platform admin still sees nothing inside meetings it does not organise."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from incamera.secretariats.actions import do_create_secretariat, do_grant_role, do_revoke_role
from incamera.secretariats.models import Secretariat, SecretariatMember


class MemberInline(admin.TabularInline):  # type: ignore[type-arg]
    """Roles are added or deleted, never edited in place: changing a row's person or role would
    grant the new pair without revoking the old one (each change goes through the actions)."""

    model = SecretariatMember
    extra = 1
    fields = ("user", "role", "added_at")
    readonly_fields = ("added_at",)
    autocomplete_fields = ("user",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Secretariat)
class SecretariatAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "created_at")
    search_fields = ("name",)
    inlines = (MemberInline,)

    def save_model(self, request: HttpRequest, obj: Secretariat, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            obj.pk = do_create_secretariat(obj.name, by=request.user).pk  # type: ignore[arg-type]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Each role granted or revoked here goes through the actions (an event each)."""
        secretariat: Secretariat = form.instance
        for member in formset.save(commit=False):
            do_grant_role(secretariat, member.user, member.role, by=request.user)  # type: ignore[arg-type]
        for member in formset.deleted_objects:
            do_revoke_role(secretariat, member.user, member.role, by=request.user)  # type: ignore[arg-type]
