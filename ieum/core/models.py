"""Shared base model, the search index every app writes into, the workers' rows, the outbox,
the history of changes and the import jobs."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ChangeAction, ImportJobStatus, Language
from .files import RandomName, private_storage
from .tabular import ImportReport, RowError


class TimeStampedModel(models.Model):
    """Base for every ieum model: when a row was created and last changed."""

    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        abstract = True


class SearchEntry(models.Model):
    """One searchable object: its kind ('enterprises.enterprise'), id and Korean morpheme tokens.

    The database's own full-text engine indexes `tokens` (SQLite: the FTS5 table
    core_searchfts kept in step by triggers; PostgreSQL: the generated column tokens_tsv with a
    GIN index).
    Written only through `ieum.core.search.index_objects`.
    """

    id = models.BigIntegerField(primary_key=True)  # kind's code × 2⁴⁰ + object_id (see search)
    kind = models.CharField(_("종류"), max_length=60)
    object_id = models.BigIntegerField(_("대상 ID"))
    tokens = models.TextField(_("색인어"))

    class Meta:
        ordering = ["kind", "object_id"]
        verbose_name = _("검색 색인")
        verbose_name_plural = _("검색 색인")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="%(app_label)s_%(class)s_unique_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}#{self.object_id}"


class WorkerHeartbeat(models.Model):
    """A running `ieum worker` process: where it runs and when it last said it was alive.

    A job claimed by a worker whose heartbeat is older than WORKER_LOST_SECONDS is retried or
    failed by the other workers (`ieum.core.tasks.reap_lost_tasks`).
    """

    worker_id = models.CharField(_("작업자 ID"), max_length=64, unique=True)
    hostname = models.CharField(_("호스트"), max_length=255)
    pid = models.PositiveIntegerField(_("프로세스 번호"))
    started_at = models.DateTimeField(_("시작 시각"))
    seen_at = models.DateTimeField(_("마지막 신호"), db_index=True)

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("작업자")
        verbose_name_plural = _("작업자")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id[:8]})"


class ChoreRun(models.Model):
    """One run of a scheduled chore for one period ('2022-10-31' for a daily chore).

    The unique (chore, period) row is the claim: when two workers reach the same chore at the
    same moment, only the one whose insert succeeds enqueues it, so a chore runs once a period.
    """

    chore = models.CharField(_("정기 작업"), max_length=100)
    period = models.CharField(_("주기"), max_length=20)
    worker_id = models.CharField(_("작업자 ID"), max_length=64)
    task_result_id = models.CharField(_("작업 ID"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("정기 작업 실행")
        verbose_name_plural = _("정기 작업 실행")
        constraints = [
            models.UniqueConstraint(
                fields=["chore", "period"], name="%(app_label)s_%(class)s_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.chore} {self.period}"


class Notification(TimeStampedModel):
    """One e-mail to one person (the outbox): written, already in the recipient's language, in
    the transaction of the event it tells of, and sent by the worker after that commits.
    `sent_at` is set in the same transaction as the sending, on the locked row, so a job run
    twice sends once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("받는 사람"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("알림 종류"), max_length=50)
    email = models.EmailField(_("받는 주소"))
    language = models.CharField(_("언어"), max_length=8, choices=Language.choices)
    subject = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("본문"))
    url = models.CharField(_("링크"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("보낸 시각"), null=True, blank=True)
    error = models.TextField(_("오류"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("알림 메일")
        verbose_name_plural = _("알림 메일")
        indexes = [models.Index(fields=["recipient", "-created_at"], name="core_notif_recipient")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"


class NotificationOptOut(TimeStampedModel):
    """A kind of notification a person turned off on 내 계정 (every kind is on by default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("사용자"),
        on_delete=models.CASCADE,
        related_name="notification_opt_outs",
    )
    kind = models.CharField(_("알림 종류"), max_length=50)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("받지 않는 알림")
        verbose_name_plural = _("받지 않는 알림")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="%(app_label)s_%(class)s_unique_user_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"


class Change(models.Model):
    """One recorded change to an object: who, when, what (each field's old and new value, as
    text a person reads) and why. Written by the services through `core.history.record`, in
    the transaction of the change itself, so a rolled-back write leaves no history."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("대상 종류"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("대상 ID"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as written, so the history still names the person after the account is gone.
    actor_name = models.CharField(_("처리자 이름"), max_length=150, blank=True)
    at = models.DateTimeField(_("일시"), default=timezone.now, db_index=True)
    action = models.CharField(_("구분"), max_length=20, choices=ChangeAction.choices)
    changes = models.JSONField(_("변경 내용"), default=dict, blank=True)
    note = models.TextField(_("사유"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("변경 이력")
        verbose_name_plural = _("변경 이력")
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="core_change_object_at")
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model}#{self.object_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class ImportJob(TimeStampedModel):
    """A spreadsheet import started from a page (the registry's, or a vendor's products): a
    worker runs it and records its progress and report so the page can follow it. `kind`
    picks the importer (ieum.core.imports.register_importer), `options` are its arguments (a
    vendor's id, draft or not)."""

    kind = models.CharField(_("종류"), max_length=40)
    options = models.JSONField(_("옵션"), default=dict, blank=True)
    file = models.FileField(
        _("파일"),
        storage=private_storage,
        # The folder is the one the jobs have always been stored in, before they moved to core.
        upload_to=RandomName("enterprises/imports", keep_name_in="original_filename"),
    )
    original_filename = models.CharField(_("원래 파일 이름"), max_length=255)
    partial = models.BooleanField(_("오류 행만 빼고 가져오기"), default=False)
    dry_run = models.BooleanField(_("시험 실행"), default=False)
    status = models.CharField(
        _("상태"), max_length=20, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    processed = models.PositiveIntegerField(_("확인한 행"), default=0)
    total = models.PositiveIntegerField(_("전체 행"), default=0)
    created_count = models.PositiveIntegerField(_("새로 등록"), default=0)
    updated_count = models.PositiveIntegerField(_("갱신"), default=0)
    skipped_count = models.PositiveIntegerField(_("변경 없음"), default=0)
    errors = models.JSONField(_("오류"), default=list, blank=True)
    ignored_columns = models.JSONField(_("무시한 열"), default=list, blank=True)
    finished_at = models.DateTimeField(_("끝난 시각"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("올린 사람"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("가져오기 작업")
        verbose_name_plural = _("가져오기 작업")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed__lte=models.F("total")),
                name="%(app_label)s_%(class)s_processed_within_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.SUCCEEDED, ImportJobStatus.FAILED)

    def report(self) -> ImportReport:
        return ImportReport(
            errors=[RowError(**error) for error in self.errors],
            created=self.created_count,
            updated=self.updated_count,
            skipped=self.skipped_count,
        )


class IdempotencyKey(models.Model):
    """A create request's idempotency key (the API's `Idempotency-Key` header, a page form's
    hidden token) and what the first request with it created. Written by
    `core.idempotency.once` in the transaction of the create itself, and unique per (user,
    scope, key): of two concurrent retries, the second waits for the first to commit and then
    returns its result instead of creating again. A key older than
    `core.idempotency.WINDOW` (24 hours) counts as unused (and the hourly chore deletes it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("사용자"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    scope = models.CharField(_("종류"), max_length=50)
    key = models.CharField(_("키"), max_length=255)
    # SHA-256 of the request's content, so the same key with another request is refused.
    fingerprint = models.CharField(_("요청 지문"), max_length=64)
    # What the first request created ({"ids": [...]}); null only inside the creating transaction.
    result = models.JSONField(_("결과"), null=True, blank=True)
    created_at = models.DateTimeField(_("등록일시"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("멱등성 키")
        verbose_name_plural = _("멱등성 키")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope", "key"],
                name="%(app_label)s_%(class)s_unique_user_scope_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} ({self.user_id})"
