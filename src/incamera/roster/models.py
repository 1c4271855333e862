"""The roster: delegations, the people they send and dated facts about them (e.g. a credit rating)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DelegationKind(models.TextChoices):
    STATE = "state", pgettext_lazy("delegation kind", "State")  # a country, not a status (状态)
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    COMPANY_MULTINATIONAL = "company_multinational", _("Company (multinational)")
    COMPANY_SME = "company_sme", _("Company (SME)")
    NGO = "ngo", _("NGO")
    ACADEMIC = "academic", _("Academic")
    OTHER = "other", _("Other")


class Delegation(models.Model):
    """A state, organisation, company or NGO that sends people to meetings: a row of one
    secretariat's roster (another secretariat's "Chile" is another row)."""

    secretariat = models.ForeignKey("secretariats.Secretariat", on_delete=models.PROTECT, related_name="delegations")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=DelegationKind.choices)
    region = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["secretariat", "name"], name="one_delegation_name_per_secretariat")]

    def __str__(self) -> str:
        return self.name


class DelegationAttribute(models.Model):
    """A dated fact about a delegation (e.g. its credit rating in 2025), for observer rules."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="attributes")
    key = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    value = models.CharField(max_length=100)

    class Meta:
        ordering = ["key", "year"]
        constraints = [models.UniqueConstraint(fields=["delegation", "key", "year"], name="one_value_per_attribute_year")]

    def __str__(self) -> str:
        return f"{self.key} {self.year} = {self.value}"


class RosterPerson(models.Model):
    secretariat = models.ForeignKey("secretariats.Secretariat", on_delete=models.PROTECT, related_name="+")  # its delegation's
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="people")
    full_name = models.CharField(max_length=200)
    email = models.EmailField()
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["delegation__name", "full_name"]
        constraints = [models.UniqueConstraint(fields=["secretariat", "email"], name="one_roster_entry_per_address_and_secretariat")]

    def __str__(self) -> str:
        return self.full_name
