"""The e-mail notification of import jobs (see ieum.core.notifications): a job has
finished, sent to the person who started it — staff importing enterprises, or a vendor's member
uploading products."""

from django.utils.translation import gettext_noop

from ieum.core.choices import Role
from ieum.core.notifications import register_kind

IMPORT_FINISHED = register_kind(
    "enterprises.import_finished",
    label=gettext_noop("파일 가져오기 완료 (기업 등록부, 상품 올리기)"),
    audience=gettext_noop("파일을 올린 사람"),
    roles=[Role.STAFF, Role.ENTERPRISE],
)
