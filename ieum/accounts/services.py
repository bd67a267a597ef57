"""Writes to accounts."""

import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ieum.core.choices import Language
from ieum.core.logs import service
from ieum.core.models import NotificationOptOut
from ieum.core.notifications import kinds
from ieum.core.permissions import require_permission

from .models import ApiToken, User, hash_token

TOKEN_PREFIX = "ieum_"  # noqa: S105 - a visible prefix, not a secret


@service
@transaction.atomic
def user_create(*, actor, username: str, password: str, role: str, **fields) -> User:
    """Create a user after validating role links (department, enterprise, institution); only
    administrators create accounts."""
    require_permission(actor, "admin.site")
    user = User(username=username, role=role, **fields)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@service
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


@service
@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: User) -> None:
    """Revoke one of `user`'s own tokens."""
    if token.user_id != user.pk:
        raise PermissionDenied(_("다른 사람의 토큰은 폐기할 수 없습니다."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])


@service
@transaction.atomic
def user_language_set(*, user: User, language: str) -> User:
    """Remember the language `user` chose in the menu: their e-mail is written in it."""
    if language not in Language.values:
        raise ValidationError({"language": _("알 수 없는 언어입니다.")})
    if user.language != language:
        user.language = language
        User.objects.filter(pk=user.pk).update(language=language)
    return user


@service
@transaction.atomic
def notification_preferences_update(*, user: User, disabled_kinds: Iterable[str]) -> set[str]:
    """The kinds of notification `user` does not want by e-mail, replacing the previous
    choice (every kind not named is on). Returns the kinds now off."""
    known = {kind.key for kind in kinds()}
    wanted_off = set(disabled_kinds)
    unknown = sorted(wanted_off - known)
    if unknown:
        raise ValidationError(
            _("알 수 없는 알림 종류입니다: %(kinds)s") % {"kinds": ", ".join(unknown)}
        )
    NotificationOptOut.objects.filter(user=user).exclude(kind__in=wanted_off).delete()
    present = set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))
    NotificationOptOut.objects.bulk_create(
        [NotificationOptOut(user=user, kind=kind) for kind in sorted(wanted_off - present)],
        ignore_conflicts=True,
    )
    return wanted_off
