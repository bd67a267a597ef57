"""Import jobs: a spreadsheet uploaded on a page, imported by a worker.

Each kind of import registers its importer here (`register_importer`) from its app's `tasks.py`:
the registry's enterprises (ieum/enterprises/tasks.py) and the mall's products
(ieum/mall/tasks.py). A job (`ImportJob`) is queued once the request that created it commits and
runs on a worker (`ieum worker`), in that request's language (its report's reasons are written
in it). Its progress is written to the job's row as it goes, so any web process shows it. If the
worker dies mid-way the job is run again by another worker, or marked failed with the reason
(ieum.core.tasks). The person who started it is told by e-mail.

The pages of a kind stay in its app (their permission, their URLs); they share the status
fragment `includes/import_job_status.html` and its context (`import_job_context`).
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connections, router, transaction
from django.db.models import FileField, Model, QuerySet
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django_tasks import task

from .choices import ImportJobStatus
from .models import ImportJob
from .notifications import IMPORT_FINISHED, notify
from .permissions import system_actor
from .tabular import RowError, TabularError, file_size_error, read_table
from .tasks import enqueue_on_commit, on_lost

logger = logging.getLogger(__name__)

ERRORS_SHOWN = 500


@dataclass(frozen=True)
class Importer:
    """One kind of import: `run(table=, partial=, dry_run=, progress=, **job.options)` returns
    an ImportResult (errors, created, updated, skipped, ignored_columns, accepted); `page(job)`
    is the job's page, where the e-mail points; `label` a Korean msgid (gettext_noop)."""

    kind: str
    label: str
    run: Callable
    page: Callable[[ImportJob], str]


_importers: dict[str, Importer] = {}


def register_importer(kind: str, *, label: str, run: Callable, page: Callable) -> Importer:
    importer = Importer(kind=kind, label=label, run=run, page=page)
    _importers[kind] = importer
    return importer


def importer_for(kind: str) -> Importer:
    if kind not in _importers:
        autodiscover_modules("tasks")
    return _importers[kind]


@transaction.atomic
def import_job_create(
    *,
    upload: UploadedFile,
    kind: str,
    options: dict | None = None,
    partial: bool = False,
    dry_run: bool = False,
    created_by: AbstractBaseUser | None = None,
) -> ImportJob:
    """Store the uploaded file as a queued job of `kind` and queue its run for after the
    commit; `options` (JSON) go to the importer as keyword arguments. The request only stores
    the file (refused at once when over IMPORT_MAX_BYTES); the worker reads it, within the
    other limits (ieum.core.tabular.read_table)."""
    importer_for(kind)  # an unknown kind fails here, not on the worker
    if message := file_size_error(upload.size):
        raise ValidationError({"file": message})
    job = ImportJob(
        kind=kind,
        options=options or {},
        original_filename=upload.name,
        partial=partial,
        dry_run=dry_run,
        created_by=created_by,
    )
    job.file.save(upload.name, upload, save=False)
    job.full_clean()
    job.save()
    enqueue_on_commit(run_import_job, job.pk, language=translation.get_language())
    return job


@task()
def run_import_job(job_id: int, language: str | None = None) -> str:
    """파일 가져오기 (기업, 상품)"""
    with translation.override(language):
        return import_job_run(job_id).status


@on_lost(run_import_job)
def _import_job_lost(args: list, kwargs: dict, reason: str) -> None:
    _finish(args[0], errors=[RowError(0, "", reason)])


def import_job_run(job_id: int) -> ImportJob:
    """Read the job's file, import it and store the report. Never raises on bad input:
    the errors are the report."""
    job = ImportJob.objects.get(pk=job_id)
    jobs = ImportJob.objects.filter(pk=job_id)
    jobs.update(status=ImportJobStatus.RUNNING, updated_at=timezone.now())
    try:
        with job.file.open("rb") as file:
            table = read_table(file, filename=job.original_filename)
        jobs.update(total=len(table.rows), processed=0)
        result = importer_for(job.kind).run(
            table=table,
            partial=job.partial,
            dry_run=job.dry_run,
            progress=lambda processed, total: jobs.update(processed=processed, total=total),
            actor=job.created_by or system_actor(),
            **job.options,
        )
    except TabularError as exc:
        _finish(job_id, errors=exc.errors)
    except PermissionDenied as exc:
        _finish(job_id, errors=[RowError(0, "", str(exc))])
    except Exception:
        logger.exception("import job %s failed", job_id)
        _finish(job_id, errors=[RowError(0, "", _("가져오는 중 예상하지 못한 오류가 났습니다."))])
    else:
        _finish(
            job_id,
            errors=result.errors,
            succeeded=result.accepted,
            created_count=result.created,
            updated_count=result.updated,
            skipped_count=result.skipped,
            ignored_columns=result.ignored_columns,
        )
    return ImportJob.objects.get(pk=job_id)


def _finish(job_id: int, *, errors: list[RowError], succeeded: bool = False, **counts) -> None:
    now = timezone.now()
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJobStatus.SUCCEEDED if succeeded else ImportJobStatus.FAILED,
        errors=[error.as_dict() for error in errors],
        finished_at=now,
        updated_at=now,
        **counts,
    )
    _notify_finished(job_id)


def _notify_finished(job_id: int) -> None:
    """Tell the person who started the import that it has ended, and how."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    importer = importer_for(job.kind)
    notify(
        kind=IMPORT_FINISHED,
        recipients=[job.created_by] if job.created_by_id else [],
        subject=gettext_noop("%(what)s %(status)s: %(filename)s"),
        template="email/import_finished.txt",
        context={
            "what": gettext_lazy(importer.label),  # translated in each recipient's language
            "status": ImportJobStatus(job.status).label,
            "filename": job.original_filename,
            "job": job,
            "error_count": len(job.errors),
        },
        url=importer.page(job),
    )


def import_job_list(*, kind: str, options: dict | None = None) -> QuerySet[ImportJob]:
    """Import jobs of a kind (newest first, as the model orders them), with who started them;
    `options` narrows them by the job's options (`{"vendor_id": 3}`: that vendor's uploads)."""
    jobs = ImportJob.objects.filter(kind=kind).select_related("created_by")
    for key, value in (options or {}).items():
        jobs = jobs.filter(**{f"options__{key}": value})
    return jobs


def bulk_insert(
    model: type[Model], objects: list[Model], *, batch_size: int = 2_000
) -> dt.datetime:
    """INSERT `objects` (new, unsaved) in batches (COPY on PostgreSQL), for importers writing rows
    they have validated in memory. bulk_create compiles SQL for every value (about 0.3 ms a
    row for a product: 30 s of a 100,000-row transaction); this prepares each value once with
    its field (pre_save, get_db_prep_save, as bulk_create does) and sends plain parameters.
    Ids are not read back: callers that need them look the rows up by their natural key and
    the moment returned (every auto_now/auto_now_add field of the insert holds it). The
    database's constraints hold as for any insert. Call it inside the write transaction."""
    now = timezone.now()
    if not objects:
        return now
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    # Table and column names come from the model, quoted; every value is a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    # created_at/updated_at: one moment for the whole insert, as one statement would have.
    stamped = [
        field.attname
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    plain = [(index, field, isinstance(field, FileField)) for index, field in enumerate(fields)]
    # Columns repeat (a vendor, a category, a status, the moment): prepare each value once.
    prepared: dict[tuple[int, object], object] = {}

    def prepare(obj) -> list[object]:
        row = []
        for index, field, is_file in plain:
            value = field.pre_save(obj, add=True) if is_file else getattr(obj, field.attname)
            try:
                row.append(prepared[index, value])
            except KeyError:
                prepared[index, value] = field.get_db_prep_save(value, connection)
                row.append(prepared[index, value])
            except TypeError:  # not hashable (a JSON value)
                row.append(field.get_db_prep_save(value, connection))
        return row

    # PostgreSQL: COPY (a fifth of the time of multi-row INSERTs at 100,000 rows); SQLite:
    # executemany, which runs in C; others: many rows per statement.
    copy = connection.vendor == "postgresql"
    many_rows = connection.vendor not in ("sqlite", "postgresql")
    if many_rows:
        batch_size = max(1, min(batch_size, 1_000, 65_535 // len(fields)))
    copy_sql = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(field.column) for field in fields)
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            rows = []
            for obj in objects[start : start + batch_size]:
                obj._prepare_related_fields_for_save(operation_name="bulk_insert")
                for attname in stamped:
                    setattr(obj, attname, now)
                rows.append(prepare(obj))
            if copy:
                with cursor.cursor.copy(copy_sql) as stream:
                    for row in rows:
                        stream.write_row(row)
            elif many_rows:
                cursor.execute(
                    sql + ", ({})".format(", ".join(["%s"] * len(fields))) * (len(rows) - 1),
                    [value for row in rows for value in row],
                )
            else:
                cursor.executemany(sql, rows)
    return now


def validate_upload_size(upload: UploadedFile) -> None:
    """For an upload form's clean_file: refuse a file over IMPORT_MAX_BYTES before it is
    stored (the other limits are the worker's, as it reads)."""
    if message := file_size_error(upload.size):
        raise ValidationError(message)


def import_job_context(job: ImportJob) -> dict:
    """The errors a job page shows (the first ERRORS_SHOWN; the rest are in the report)."""
    return {
        "errors_shown": job.errors[:ERRORS_SHOWN],
        "errors_hidden": max(len(job.errors) - ERRORS_SHOWN, 0),
    }
