"""The e-mail notification of the registry (see ieum.accounts.notifications): an import job
has finished, sent to the person who started it."""

from django.utils.translation import gettext_noop

from ieum.accounts.choices import Role
from ieum.accounts.notifications import register_kind

IMPORT_FINISHED = register_kind(
    "enterprises.import_finished",
    label=gettext_noop("기업 가져오기 완료"),
    audience=gettext_noop("가져오기를 시작한 직원"),
    roles=[Role.STAFF],
)
