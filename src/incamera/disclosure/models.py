"""Staged disclosure (issue 15): each meeting's schedule, and each item it will release.

An item's content is fixed when the organizer approves it: it is then sealed under the meeting
key with a fresh salt, and the log records ``SHA-256(salt ‖ content)`` in clear that day.  The
release worker opens it when it is due and publishes content and salt together, so anyone can
recompute the commitment from the published bytes.  Before its release nothing of an item is in
clear here but its title, kind and tier."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

__all__ = [
    "Consent",
    "EthicsReviewer",
    "Item",
    "ItemState",
    "Petition",
    "PetitionState",
    "Readout",
    "ReadoutRule",
    "ReadoutState",
    "RecordCustodian",
    "Schedule",
    "SealedRecord",
    "WorkerHeartbeat",
]


class ReadoutRule(models.TextChoices):
    UNANIMITY = "unanimity", "Unanimity"
    MAJORITY = "majority", "Majority"


class Schedule(models.Model):
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="disclosure_schedule")
    outline_days = models.PositiveIntegerField(default=30)
    non_sensitive_days = models.PositiveIntegerField(default=90)
    full_days = models.PositiveIntegerField(default=365)
    # How member delegations consent to a readout's early release: set before the session opens.
    readout_rule = models.CharField(max_length=16, choices=ReadoutRule.choices, default=ReadoutRule.UNANIMITY)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"disclosure schedule of meeting {self.meeting_id}"


class ItemState(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("disclosure item state", "Proposed")  # classified, not approved: nothing fixed yet
    APPROVED = "approved", pgettext_lazy("disclosure item state", "Approved")  # content sealed and committed; waits for its date
    RELEASED = "released", pgettext_lazy("disclosure item state", "Released")


class Item(models.Model):
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="disclosure_items")
    kind = models.CharField(max_length=32)  # tiers.Kind
    ref = models.CharField(max_length=64, blank=True)  # the source row's id (resolution, ballot, note)
    title = models.CharField(max_length=300)
    tier = models.CharField(max_length=16)  # tiers.Tier
    state = models.CharField(max_length=16, choices=ItemState.choices, default=ItemState.PROPOSED)
    # The sensitivity score's suggestion (incamera.sensitivity), kept with its reasons; the tier is
    # what a person decided, ``decided_by`` who (the organizer who set it or approved it).
    suggested_tier = models.CharField(max_length=16, blank=True)
    sensitivity = models.JSONField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    sealed = models.BinaryField(default=b"")  # JSON {"content", "salt"} sealed under the meeting key, from approval to release
    commitment = models.CharField(max_length=64, blank=True)  # hex SHA-256(salt ‖ content), logged in clear at approval
    approval_event = models.ForeignKey("ledger.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)  # None: sealed, never automatically
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    content = models.TextField(blank=True)  # in clear from its release on: public
    salt = models.CharField(max_length=64, blank=True)  # hex, from its release on
    # A document marked public: its file, in clear from its release on (its SHA-256 is in the
    # committed content, so the file is checked as the content is).
    attachment = models.BinaryField(default=b"")
    attachment_name = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "kind", "ref"], name="one_disclosure_item_per_source")]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref} of meeting {self.meeting_id} ({self.tier})"


class ReadoutState(models.TextChoices):
    PROPOSED = "proposed", "Awaiting consent"
    AGREED = "agreed", "Agreed, released early"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Readout(models.Model):
    """An unattributed summary (the "controlled leak"), its text sealed until the member
    delegations consent under the meeting's rule; then it becomes an item released at once."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="readouts")
    title = models.CharField(max_length=300)
    sealed = models.BinaryField()  # the text, under the meeting key
    digest = models.CharField(max_length=64)  # SHA-256 of the text: what each consent is given to
    rule = models.CharField(max_length=16, choices=ReadoutRule.choices)  # the rule when it was proposed
    delegations = models.JSONField(default=list)  # the member delegations who decide, frozen
    state = models.CharField(max_length=16, choices=ReadoutState.choices, default=ReadoutState.PROPOSED)
    item = models.OneToOneField(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="readout")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"readout {self.pk} of meeting {self.meeting_id}"


class Consent(models.Model):
    """A member delegation's answer to a readout: consent, or an objection with its text (sealed)."""

    readout = models.ForeignKey(Readout, on_delete=models.CASCADE, related_name="consents")
    delegation = models.CharField(max_length=200)
    agree = models.BooleanField()
    objection = models.BinaryField(default=b"")  # the objection's text, sealed
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["readout", "delegation"], name="one_answer_per_delegation")]

    def __str__(self) -> str:
        return f"{self.delegation} on readout {self.readout_id}"


class EthicsReviewer(models.Model):
    """A member of a secretariat's ethics review panel: decides petitions for early disclosure."""

    secretariat = models.ForeignKey("secretariats.Secretariat", on_delete=models.CASCADE, related_name="ethics_reviewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["secretariat", "user"], name="one_seat_per_reviewer")]

    def __str__(self) -> str:
        return f"ethics reviewer {self.user_id} of {self.secretariat_id}"


class PetitionState(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Awaiting e-mail confirmation"  # filed without an account; not public yet
    FILED = "filed", "Under review"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


class Petition(models.Model):
    """A public-interest petition to disclose a meeting early: public, with its decision."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="petitions")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()  # public: the petitioner's reasons
    filed_at = models.DateTimeField()
    decide_by = models.DateTimeField()  # the panel's deadline, shown publicly
    state = models.CharField(max_length=16, choices=PetitionState.choices, default=PetitionState.FILED)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reasons = models.TextField(blank=True)  # public: the panel's reasons
    # Filed without an account: the address is kept only as a digest (one petition per address and
    # meeting at a time), and the link mailed to it only as the digest of its token.
    email_digest = models.CharField(max_length=64, blank=True)
    token_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]

    def __str__(self) -> str:
        return f"petition {self.pk} on meeting {self.meeting_id}"


class SealedRecord(models.Model):
    """The meeting's sealed record (the custodian quorum, ADR 0032): items in the sealed tier are
    sealed to ``public_key``, a hybrid X25519 + ML-KEM-768 key made for the record; its private
    half is kept only encrypted under a record key R, and R only split among the custodians
    (``crypto/quorum.py``: k of n open it).  The server keeps neither R nor the private half."""

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="sealed_record")
    public_key = models.BinaryField()
    private_sealed = models.BinaryField()  # envelope.encrypt(R, the private key's raw bytes)
    quorum = models.TextField()  # crypto.quorum.Quorum.to_json(): R wrapped under W, W's shares wrapped to each custodian
    k = models.PositiveSmallIntegerField()
    n = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)  # when k shares opened it and its items were released
    petition = models.ForeignKey(Petition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")  # the grant it answered

    def __str__(self) -> str:
        return f"sealed record of meeting {self.meeting_id} ({self.k} of {self.n})"


class RecordCustodian(models.Model):
    """Custodian ``index`` of a sealed record: the account that submits their share."""

    record = models.ForeignKey(SealedRecord, on_delete=models.CASCADE, related_name="custodians")
    index = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=80)  # of their custody public key
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The opened share, sealed under the meeting key from its submission until the record opens;
    # emptied then.  Fewer than k shares reveal nothing of R.
    share = models.BinaryField(default=b"")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["index"]
        constraints = [
            models.UniqueConstraint(fields=["record", "index"], name="one_custodian_per_share"),
            models.UniqueConstraint(fields=["record", "user"], name="one_share_per_account"),
        ]

    def __str__(self) -> str:
        return f"custodian {self.index} of {self.record_id}"


class WorkerHeartbeat(models.Model):
    """A release worker's last round (``incamera worker``), for the status page: a worker that has
    not reported for a while is shown as silent."""

    worker = models.CharField(max_length=200, unique=True)  # host:pid
    started_at = models.DateTimeField()
    last_round_at = models.DateTimeField()
    released = models.PositiveBigIntegerField(default=0)
    failed = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-last_round_at"]

    def __str__(self) -> str:
        return self.worker
