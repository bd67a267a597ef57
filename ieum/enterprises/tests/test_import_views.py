"""The staff import page, the job page that follows it, and the XLSX downloads."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ieum.core.choices import ImportJobStatus, Role
from ieum.core.idnumbers import format_brn
from ieum.core.imports import import_job_create, import_job_run
from ieum.core.models import ImportJob
from ieum.enterprises.models import Enterprise
from ieum.enterprises.tasks import ENTERPRISES

from .factories import EnterpriseFactory, valid_brn

HEADERS = ["기업명", "사업자등록번호", "자치구"]


def upload(rows: list[list[object]], name: str = "기업목록.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def one_bad_row() -> SimpleUploadedFile:
    return upload(
        [
            ["햇살나눔", format_brn(valid_brn(1)), "은평구"],
            ["달빛공방", "116-82-00277", "마포구"],
            ["별빛식당", format_brn(valid_brn(3)), "중구"],
        ]
    )


@pytest.mark.django_db
def test_import_page_shows_an_accessible_form_and_the_accepted_headers(staff_client):
    response = staff_client.get(reverse("enterprises:import"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_file">' in html
    assert '<label for="id_partial">' in html
    assert 'aria-describedby="id_file_helptext"' in html
    assert "사회적목적실현유형" in html
    assert "인증회차" in html


@pytest.mark.django_db
def test_upload_with_one_bad_row_shows_that_rows_error_and_writes_nothing(
    staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(reverse("enterprises:import"), {"file": one_bad_row()})

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprises:import-job", args=[job.pk])
    assert len(callbacks) == 1
    assert job.status == ImportJobStatus.QUEUED

    waiting = staff_client.get(reverse("enterprises:import-job", args=[job.pk]))
    assert 'hx-trigger="every 1s"' in waiting.content.decode()

    import_job_run(job.pk)

    status = staff_client.get(reverse("enterprises:import-job-status", args=[job.pk]))
    html = status.content.decode()
    assert "hx-trigger" not in html
    assert '<td class="num">3</td><td>사업자등록번호</td>' in html
    assert "116-82-00277의 검증번호가 맞지 않습니다." in html
    assert "아무것도 저장하지 않았습니다" in html
    assert not Enterprise.objects.filter(brn__in=[valid_brn(1), valid_brn(3)]).exists()
    job.refresh_from_db()
    assert (job.status, job.processed, job.total) == (ImportJobStatus.FAILED, 3, 3)


@pytest.mark.django_db
def test_partial_upload_saves_the_good_rows(staff_client, staff_user):
    job = import_job_create(
        kind=ENTERPRISES, upload=one_bad_row(), partial=True, created_by=staff_user
    )

    import_job_run(job.pk)

    job.refresh_from_db()
    assert (job.status, job.created_count, len(job.errors)) == (ImportJobStatus.SUCCEEDED, 2, 1)
    assert Enterprise.objects.filter(brn__in=[valid_brn(1), valid_brn(3)]).count() == 2
    html = staff_client.get(reverse("enterprises:import-job", args=[job.pk])).content.decode()
    assert "오류가 있는 행만 빼고 저장했습니다." in html


@pytest.mark.django_db
def test_dry_run_upload_writes_nothing():
    job = import_job_create(
        kind=ENTERPRISES, upload=upload([["가", format_brn(valid_brn(1)), "중구"]]), dry_run=True
    )

    job = import_job_run(job.pk)

    assert (job.status, job.created_count) == (ImportJobStatus.SUCCEEDED, 1)
    assert not Enterprise.objects.filter(brn=valid_brn(1)).exists()


@pytest.mark.django_db
def test_unreadable_file_fails_the_job_with_a_reason(staff_client, staff_user):
    bad = SimpleUploadedFile("목록.csv", b"\x80\xff\xfe\x80")
    job = import_job_run(
        import_job_create(kind=ENTERPRISES, upload=bad, partial=True, created_by=staff_user).pk
    )

    assert job.status == ImportJobStatus.FAILED
    assert "UTF-8 또는 CP949" in job.errors[0]["reason"]


@pytest.mark.django_db
def test_other_file_types_are_refused_on_the_form(staff_client):
    response = staff_client.post(
        reverse("enterprises:import"), {"file": SimpleUploadedFile("목록.pdf", b"%PDF")}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_file_error"' in html
    assert "XLSX 또는 CSV 파일만 올릴 수 있습니다." in html
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_report_download_lists_the_errors(staff_client, staff_user):
    job = import_job_run(
        import_job_create(kind=ENTERPRISES, upload=one_bad_row(), created_by=staff_user).pk
    )

    response = staff_client.get(reverse("enterprises:import-report", args=[job.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    errors = list(load_workbook(io.BytesIO(response.content))["오류"].values)
    assert errors[1][:2] == (3, "사업자등록번호")


@pytest.mark.django_db
def test_export_download_is_the_registry_as_xlsx(staff_client):
    EnterpriseFactory(name="내려받을 기업", brn=valid_brn(7))

    response = staff_client.get(reverse("enterprises:export"))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    names = [row[0] for row in load_workbook(io.BytesIO(response.content)).active.values]
    assert "내려받을 기업" in names


PAGES = [
    ("enterprises:import", False),
    ("enterprises:import-job", True),
    ("enterprises:import-job-status", True),
    ("enterprises:import-report", True),
    ("enterprises:export", False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "needs_job"), PAGES)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.STAFF, True),
        (Role.ADMIN, True),
        (Role.ENTERPRISE, False),
        (Role.BUYER, False),
        (Role.CITIZEN, False),
    ],
)
def test_only_staff_reach_import_and_export(client, make_user, name, needs_job, role, allowed):
    args = (
        [import_job_run(import_job_create(kind=ENTERPRISES, upload=one_bad_row()).pk).pk]
        if needs_job
        else []
    )
    client.force_login(make_user(role))

    response = client.get(reverse(name, args=args))

    assert response.status_code == (200 if allowed else 403)


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("enterprises:import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db(transaction=True)
def test_job_runs_on_a_worker_after_the_upload(staff_client, background_worker):
    staff_client.post(reverse("enterprises:import"), {"file": one_bad_row(), "partial": "on"})
    job = ImportJob.objects.get()

    deadline = time.monotonic() + 60
    while not job.is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()

    assert (job.status, job.created_count) == (ImportJobStatus.SUCCEEDED, 2)
    assert Enterprise.objects.filter(brn__in=[valid_brn(1), valid_brn(3)]).count() == 2
