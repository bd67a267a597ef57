"""Users of ieum, each with one role, their personal API tokens and the e-mail notifications
sent to them."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ieum.core.choices import Language, Role
from ieum.core.models import TimeStampedModel


class User(AbstractUser):
    """A person who signs in: center staff, an enterprise's member, a public buyer, a citizen
    or an administrator. Staff belong to a department, members to an enterprise, buyers to a
    public institution."""

    role = models.CharField(_("역할"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    display_name = models.CharField(_("이름"), max_length=50, blank=True)
    department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("소속 부서"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("소속 기업"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    institution = models.ForeignKey(
        "enterprises.Institution",
        verbose_name=_("소속 공공기관"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    # Set when the person switches language in the menu; their e-mail is written in it.
    language = models.CharField(
        _("언어"), max_length=8, choices=Language.choices, default=Language.KOREAN
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("사용자")
        verbose_name_plural = _("사용자")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values),
                name="%(app_label)s_%(class)s_role_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=Language.values),
                name="%(app_label)s_%(class)s_language_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def clean(self) -> None:
        super().clean()
        required = {
            Role.STAFF: ("department", _("직원은 소속 부서가 있어야 합니다.")),
            Role.ENTERPRISE: ("enterprise", _("기업 회원은 소속 기업이 있어야 합니다.")),
            Role.BUYER: ("institution", _("공공구매 담당자는 소속 기관이 있어야 합니다.")),
        }
        if self.role in required:
            field, message = required[self.role]
            if getattr(self, f"{field}_id") is None:
                raise ValidationError({field: message})

    def save(self, *args, **kwargs) -> None:
        # `createsuperuser` knows nothing of roles: a new superuser is an administrator, not a
        # citizen whose superuser flag the line below would silently take away.
        if self._state.adding and self.is_superuser and self.role == Role.CITIZEN:
            self.role = Role.ADMIN
        # Only administrators use Django's admin site; everyone else works in ieum's own pages.
        self.is_staff = self.is_superuser = self.role == Role.ADMIN
        super().save(*args, **kwargs)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    """A personal API token. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("사용자"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("이름"), max_length=100, blank=True)
    prefix = models.CharField(_("앞자리"), max_length=12)
    key_hash = models.CharField(_("해시"), max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("마지막 사용"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("폐기일시"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API 토큰")
        verbose_name_plural = _("API 토큰")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
