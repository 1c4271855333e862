"""Accounts: people are identified by e-mail; passkeys and API tokens hang off them."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=email.strip().lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Platform admin: manages accounts, never sees inside meetings it does not organise."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class Passkey(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    name = models.CharField(max_length=100)
    credential_id = models.BinaryField(unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    rp_id = models.CharField(max_length=253)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class PasskeyChallenge(models.Model):
    """A single-use WebAuthn challenge.  ``used_at`` is set exactly once, atomically, so a replayed
    assertion (same challenge) is refused.
    """

    PURPOSES = (("register", "register"), ("signin", "sign in"), ("confirm", "confirm"))
    purpose = models.CharField(max_length=16, choices=PURPOSES)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    challenge = models.BinaryField()
    digest = models.CharField(max_length=64, blank=True)  # hex SHA-256 of what is being confirmed
    rp_id = models.CharField(max_length=253)
    origin = models.CharField(max_length=300)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} challenge #{self.pk}"


class PasskeyConfirmation(models.Model):
    """Evidence that a person confirmed ``digest`` with user verification: the raw assertion is
    kept so that anyone holding the public key can re-check it later.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="confirmations")
    passkey = models.ForeignKey(Passkey, null=True, on_delete=models.SET_NULL, related_name="+")
    purpose = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)
    at = models.DateTimeField()
    client_data_json = models.BinaryField()
    authenticator_data = models.BinaryField()
    signature = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.purpose} confirmation #{self.pk}"


class ApiToken(models.Model):
    SCOPES = ("meetings:read", "meetings:write", "invitations:read", "invitations:write")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, db_index=True)
    digest = models.CharField(max_length=64, unique=True)  # SHA-256 of the whole token; the token itself is never stored
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Throttle(models.Model):
    """Attempts at a credential, counted atomically (accounts/throttle.py).  ``key`` is a digest
    of what is counted (an account, a client, a pair, an invitation), never the value itself."""

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    blocked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"throttle {self.key[:8]}: {self.failures}"
