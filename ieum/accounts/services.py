"""Writes to accounts."""

import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User, hash_token

TOKEN_PREFIX = "ieum_"  # noqa: S105 - a visible prefix, not a secret


@transaction.atomic
def user_create(*, username: str, password: str, role: str, **fields) -> User:
    """Create a user after validating role links (department, enterprise, institution)."""
    user = User(username=username, role=role, **fields)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new personal token for `user`; returns the row and the token text (shown only once)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=raw[:12], key_hash=hash_token(raw))
    token.full_clean()
    token.save()
    return token, raw


def api_token_authenticate(raw: str) -> User | None:
    """The active user owning the unrevoked token `raw`, or None. Records when it was used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
