"""Report files rendered on the worker: asked for through the service (queued only once the
request commits), rendered into the private storage with the report's figures, followed on a
page that htmx polls, downloaded by any staff member and by nobody else, and marked failed
with the reason when the report cannot be made or the worker is lost."""

import datetime as dt
import io
import json
import time
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from docx import Document
from hwpx.tools.package_validator import validate_package
from hwpx.tools.validator import validate_document
from openpyxl import load_workbook

from ieum.core import tasks as core_tasks
from ieum.core.choices import Role
from ieum.core.testing import run_queued_tasks
from ieum.core.tests.privacy import assert_stored_privately
from ieum.reports import services
from ieum.reports.choices import ReportFileStatus
from ieum.reports.models import ReportFile
from ieum.reports.renderers import FORMATS
from ieum.reports.services import report_file_request

from .conftest import AS_OF, YEAR
from .test_renderers import BUDGET_TOTAL, STAFFING_CURRENT, STAFFING_QUOTA, _hwpx_tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_file(staff_user, django_capture_on_commit_callbacks):
    """request_file(format) → a ReportFile asked for by staff_user, its job queued."""

    def request(format_name: str = "json", *, actor=None) -> ReportFile:
        with django_capture_on_commit_callbacks(execute=True):
            return report_file_request(
                actor=actor or staff_user, year=YEAR, as_of=AS_OF, format_name=format_name
            )

    return request


def rendered(report_file: ReportFile) -> ReportFile:
    run_queued_tasks()
    report_file.refresh_from_db()
    return report_file


def read(report_file: ReportFile) -> bytes:
    with report_file.file.open("rb") as file:
        return file.read()


# --- Asking for a file ----------------------------------------------------------------------


def test_the_render_is_queued_only_after_the_request_commits(
    staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report_file = report_file_request(
            actor=staff_user, year=YEAR, as_of=AS_OF, format_name="xlsx"
        )
        assert DBTaskResult.objects.count() == 0

    assert len(callbacks) == 1
    [job] = DBTaskResult.objects.all()
    assert job.task_path == "ieum.reports.tasks.render_report_file"
    assert job.args_kwargs == {"args": [report_file.pk], "kwargs": {"language": "ko"}}
    assert report_file.status == ReportFileStatus.QUEUED
    assert report_file.requested_by == staff_user
    assert not report_file.file


def test_nothing_is_queued_when_the_transaction_rolls_back(
    staff_user, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        report_file_request(actor=staff_user, year=YEAR, as_of=AS_OF, format_name="docx")
        raise RuntimeError

    assert callbacks == []
    assert not DBTaskResult.objects.exists()
    assert not ReportFile.objects.exists()


@pytest.mark.parametrize(
    ("year", "format_name", "field", "message"),
    [
        (YEAR, "pdf", "format", "알 수 없는 형식입니다: pdf"),
        (1999, "json", "year", "2000"),
        (2101, "json", "year", "2100"),
    ],
)
def test_invalid_input_is_refused_on_its_field_and_queues_nothing(
    staff_user, django_capture_on_commit_callbacks, year, format_name, field, message
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError) as refused,
    ):
        report_file_request(actor=staff_user, year=year, as_of=AS_OF, format_name=format_name)

    assert list(refused.value.message_dict) == [field]
    [text] = refused.value.message_dict[field]
    assert message in text
    assert any("가" <= char <= "힣" for char in text)  # said in Korean
    assert callbacks == []
    assert not ReportFile.objects.exists()


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.ENTERPRISE, Role.BUYER])
def test_only_staff_may_ask_for_a_file(make_user, role, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(PermissionDenied),
    ):
        report_file_request(actor=make_user(role), year=YEAR, as_of=AS_OF, format_name="json")

    assert callbacks == []
    assert not ReportFile.objects.exists()


def test_the_render_runs_in_the_requesters_language(request_file, monkeypatch, staff_user):
    seen = []
    real = services.report_file

    def spy(**kwargs):
        seen.append(translation.get_language())
        return real(**kwargs)

    monkeypatch.setattr(services, "report_file", spy)
    with translation.override("en"):
        report_file = request_file("json")

    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"language": "en"}
    assert rendered(report_file).status == ReportFileStatus.SUCCEEDED
    assert seen == ["en"]


# --- The job produces the file --------------------------------------------------------------


def test_hwpx_job_stores_a_valid_package_with_the_reports_tables(
    request_file, demo_data, fake_budget
):
    report_file = rendered(request_file("hwpx"))

    data = read(report_file)
    assert report_file.status == ReportFileStatus.SUCCEEDED
    assert report_file.content_type == "application/hwp+zip"
    assert report_file.filename == "2022_주요업무보고_2022-10-31.hwpx"
    assert zipfile.is_zipfile(io.BytesIO(data))
    assert validate_package(data).ok
    assert validate_document(data).ok
    tables = _hwpx_tables(data)
    staffing = next(table for table in tables if table[0][0] == "구분 (직위)")
    assert staffing[1:3] == [STAFFING_QUOTA, STAFFING_CURRENT]
    budget = next(table for table in tables if table[0][1] == "예산액 (교부액)")
    assert budget[1] == BUDGET_TOTAL


def test_docx_job_stores_the_reports_tables(request_file, demo_data, fake_budget):
    report_file = rendered(request_file("docx"))

    document = Document(io.BytesIO(read(report_file)))
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    staffing = next(table for table in tables if table[0][0] == "구분 (직위)")
    assert staffing[1:3] == [STAFFING_QUOTA, STAFFING_CURRENT]
    budget = next(table for table in tables if table[0][0:2] == ["구분", "예산액 (교부액)"])
    assert budget[1] == BUDGET_TOTAL
    assert report_file.filename.endswith(".docx")


def test_xlsx_job_stores_money_in_won_and_staffing_as_numbers(request_file, demo_data, fake_budget):
    report_file = rendered(request_file("xlsx"))

    workbook = load_workbook(io.BytesIO(read(report_file)))
    total = [cell.value for cell in workbook["2022년 예산 현황"][4]]
    assert total[:3] == ["총계", 4_642_570_000, 2_672_752_000]
    assert total[3] == pytest.approx(57.6)
    assert [cell.value for cell in workbook["인력"][4]] == ["정원", 24, 1, 1, 5, 7, 10]


def test_json_and_html_jobs_store_the_same_figures(request_file, demo_data, fake_budget):
    as_json = rendered(request_file("json"))
    as_html = rendered(request_file("html"))

    data = json.loads(read(as_json))
    assert data["as_of"] == "2022-10-31"
    assert '"text": "4,642,570"' in read(as_json).decode()
    page = read(as_html).decode()
    assert "<h1>2022 주요업무보고</h1>" in page
    assert '<td class="num">4,642,570</td>' in page
    assert as_html.content_type == "text/html; charset=utf-8"


def test_the_file_is_stored_privately_under_a_random_name(request_file, demo_data, client):
    report_file = rendered(request_file("xlsx"))

    assert_stored_privately(report_file.file, uploaded_name=report_file.filename, client=client)


def test_a_report_that_cannot_be_built_fails_with_the_reasons(request_file, monkeypatch):
    def refuse(*, year, as_of, format_name):
        raise ValidationError(["캐빈닷넷 운영: 알 수 없는 지표 pv", "공간 운영: 값 없음"])

    monkeypatch.setattr(services, "report_file", refuse)
    report_file = request_file("hwpx")

    [job] = run_queued_tasks()
    report_file.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL  # the job ran; the report could not be made
    assert report_file.status == ReportFileStatus.FAILED
    assert report_file.error == (
        "보고서를 만들 수 없습니다: 캐빈닷넷 운영: 알 수 없는 지표 pv / 공간 운영: 값 없음"
    )
    assert report_file.finished_at is not None
    assert not report_file.file


def test_an_unexpected_render_error_fails_with_a_korean_reason(request_file, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("hwpx internals")

    monkeypatch.setattr(services, "report_file", crash)
    report_file = rendered(request_file("hwpx"))

    assert report_file.status == ReportFileStatus.FAILED
    assert report_file.error == "보고서를 만드는 중 예상하지 못한 오류가 났습니다. 다시 요청하세요."
    assert "hwpx internals" not in report_file.error


@pytest.mark.parametrize(
    "changes",
    [
        {
            "status": ReportFileStatus.SUCCEEDED,
            "finished_at": dt.datetime(2022, 11, 1, tzinfo=dt.UTC),
        },
        {"status": ReportFileStatus.FAILED, "finished_at": dt.datetime(2022, 11, 1, tzinfo=dt.UTC)},
        {"status": ReportFileStatus.FAILED, "error": "이유"},
        {"finished_at": dt.datetime(2022, 11, 1, tzinfo=dt.UTC)},
        {"format": "pdf"},
        {"year": 1999},
    ],
)
def test_the_database_refuses_an_inconsistent_file(request_file, changes):
    report_file = request_file("json")

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFile.objects.filter(pk=report_file.pk).update(**changes)


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_renders_the_file_a_button_asked_for(
    staff_client, demo_data, background_worker
):
    response = staff_client.post(
        reverse("reports:report-file-create"),
        {"year": YEAR, "as_of": AS_OF.isoformat(), "format": "xlsx"},
    )
    report_file = ReportFile.objects.get()
    assert response["Location"] == reverse("reports:report-file-detail", args=[report_file.pk])

    deadline = time.monotonic() + 60
    while not report_file.is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
        report_file.refresh_from_db()

    assert report_file.status == ReportFileStatus.SUCCEEDED, report_file.error
    download = staff_client.get(reverse("reports:report-file-download", args=[report_file.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert [cell.value for cell in workbook["인력"][4]] == ["정원", 24, 1, 1, 5, 7, 10]


# --- A lost worker --------------------------------------------------------------------------


def _claimed_by_a_dead_worker(attempts: int) -> DBTaskResult:
    job = DBTaskResult.objects.get()
    job.status = TaskResultStatus.RUNNING
    job.worker_ids = [f"dead-{n}" for n in range(attempts)]
    job.started_at = timezone.now() - dt.timedelta(minutes=5)
    job.save()
    return job


def test_a_lost_worker_marks_the_file_failed_with_the_reason(request_file, settings, staff_client):
    report_file = request_file("docx")
    ReportFile.objects.filter(pk=report_file.pk).update(status=ReportFileStatus.RUNNING)
    _claimed_by_a_dead_worker(attempts=settings.TASK_MAX_ATTEMPTS)

    assert core_tasks.reap_lost_tasks() == {"retried": 0, "failed": 1}

    report_file.refresh_from_db()
    assert report_file.status == ReportFileStatus.FAILED
    assert "작업자(dead-1)가 작업 중에 멈췄습니다" in report_file.error
    assert report_file.finished_at is not None
    page = staff_client.get(reverse("reports:report-file-status", args=[report_file.pk]))
    assert "멈췄습니다" in page.content.decode()
    assert "hx-trigger" not in page.content.decode()


def test_a_job_retried_after_a_lost_worker_still_produces_the_file(request_file, demo_data):
    report_file = request_file("json")
    ReportFile.objects.filter(pk=report_file.pk).update(status=ReportFileStatus.RUNNING)
    _claimed_by_a_dead_worker(attempts=1)

    assert core_tasks.reap_lost_tasks() == {"retried": 1, "failed": 0}

    report_file = rendered(report_file)
    assert report_file.status == ReportFileStatus.SUCCEEDED
    assert json.loads(read(report_file))["year"] == YEAR


# --- The pages ------------------------------------------------------------------------------


def test_the_status_page_polls_until_done_then_links_the_download(
    request_file, demo_data, staff_client
):
    report_file = request_file("xlsx")
    detail = reverse("reports:report-file-detail", args=[report_file.pk])
    status = reverse("reports:report-file-status", args=[report_file.pk])
    download = reverse("reports:report-file-download", args=[report_file.pk])

    queued = staff_client.get(detail).content.decode()
    assert f'hx-get="{status}"' in queued
    assert 'hx-trigger="every 1s"' in queued
    assert "<h2>대기</h2>" in queued
    assert download not in queued
    # The download of a file not yet made leads back to its page.
    assert staff_client.get(download)["Location"] == detail

    ReportFile.objects.filter(pk=report_file.pk).update(status=ReportFileStatus.RUNNING)
    running = staff_client.get(status).content.decode()
    assert "<h2>진행 중</h2>" in running
    assert 'hx-trigger="every 1s"' in running

    rendered(report_file)
    done = staff_client.get(status).content.decode()
    assert "<h2>완료</h2>" in done
    assert "hx-trigger" not in done
    assert f'href="{download}"' in done
    assert "2022_주요업무보고_2022-10-31.xlsx 내려받기" in done


def test_any_staff_member_downloads_a_colleagues_file(request_file, demo_data, make_user, client):
    report_file = rendered(request_file("json"))
    colleague = make_user(Role.STAFF)
    client.force_login(colleague)

    response = client.get(reverse("reports:report-file-download", args=[report_file.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == read(report_file)
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.ENTERPRISE, Role.BUYER])
def test_others_are_refused_every_page_of_a_file(request_file, demo_data, make_user, client, role):
    report_file = rendered(request_file("json"))
    client.force_login(make_user(role))

    for name in ("report-file-detail", "report-file-status", "report-file-download"):
        response = client.get(reverse(f"reports:{name}", args=[report_file.pk]))
        assert response.status_code == 403, name


def test_anonymous_is_sent_to_sign_in_from_the_download(request_file, demo_data, client):
    report_file = rendered(request_file("json"))

    response = client.get(reverse("reports:report-file-download", args=[report_file.pk]))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_reports_page_lists_the_persons_own_recent_files(request_file, make_user, staff_client):
    mine = request_file("hwpx")
    theirs = request_file("docx", actor=make_user(Role.STAFF))

    page = staff_client.get(reverse("reports:report")).content.decode()

    assert reverse("reports:report-file-detail", args=[mine.pk]) in page
    assert reverse("reports:report-file-detail", args=[theirs.pk]) not in page
    assert "한글(HWPX)" in page


def test_the_reports_page_query_count_holds_as_files_grow(
    staff_user, staff_client, django_assert_max_num_queries
):
    ReportFile.objects.bulk_create(
        ReportFile(year=YEAR, as_of=AS_OF, format=name, requested_by=staff_user)
        for name in list(FORMATS) * 10
    )

    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("reports:report"))
    assert response.status_code == 200
    assert response.content.decode().count("reports/files/") == 10


def test_the_file_page_query_count_has_a_ceiling(
    request_file, staff_client, django_assert_max_num_queries
):
    report_file = request_file("json")

    with django_assert_max_num_queries(5):
        response = staff_client.get(reverse("reports:report-file-detail", args=[report_file.pk]))
    assert response.status_code == 200


def test_the_admin_shows_a_file_without_its_storage_name(request_file, admin_client):
    report_file = rendered(request_file("json"))

    response = admin_client.get(reverse("admin:reports_reportfile_change", args=[report_file.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert report_file.file.name not in page
    assert reverse("reports:report-file-download", args=[report_file.pk]) in page
