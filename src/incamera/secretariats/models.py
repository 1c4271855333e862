"""A secretariat, and who works in it with which role."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecretariatRole(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")  # creates and runs the secretariat's meetings
    ROSTER_MANAGER = "roster_manager", _("Roster manager")  # keeps its roster: imports, exports, dated facts


class Secretariat(models.Model):
    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SecretariatMember(models.Model):
    """One role of one person in one secretariat (a person may hold both roles: two rows)."""

    secretariat = models.ForeignKey(Secretariat, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="secretariat_roles")
    role = models.CharField(max_length=16, choices=SecretariatRole.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["secretariat__name", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["secretariat", "user", "role"], name="one_role_once_per_secretariat")]

    def __str__(self) -> str:
        return f"{self.user_id} as {self.role} of {self.secretariat_id}"
