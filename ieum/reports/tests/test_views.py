from urllib.parse import quote

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ieum.core.choices import Role
from ieum.core.testing import run_queued_tasks
from ieum.reports.models import ReportFile

pytestmark = pytest.mark.django_db

QUERY = {"year": 2022, "as_of": "2022-10-31"}


@pytest.mark.parametrize(
    ("role", "status", "create_status"),
    [
        (Role.CITIZEN, 403, 403),
        (Role.ENTERPRISE, 403, 403),
        (Role.BUYER, 403, 403),
        (Role.STAFF, 200, 302),
        (Role.ADMIN, 200, 302),
    ],
)
def test_report_page_is_for_staff(client, make_user, role, status, create_status):
    client.force_login(make_user(role))

    assert client.get(reverse("reports:report")).status_code == status
    created = client.post(reverse("reports:report-file-create"), {**QUERY, "format": "json"})
    assert created.status_code == create_status
    assert ReportFile.objects.exists() == (create_status == 302)


def test_anonymous_visitor_is_sent_to_sign_in(client):
    for response in (
        client.get(reverse("reports:report")),
        client.post(reverse("reports:report-file-create"), {**QUERY, "format": "json"}),
    ):
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    assert not ReportFile.objects.exists()


def test_preview_shows_the_report_and_a_button_per_format(staff_client, demo_data):
    response = staff_client.get(reverse("reports:report"), QUERY)

    page = response.content.decode()
    assert response.status_code == 200
    assert "2 조직 운영" in page
    assert '<td class="num">24</td>' in page
    assert f'action="{reverse("reports:report-file-create")}"' in page
    assert 'name="as_of" value="2022-10-31"' in page
    for name in ("html", "hwpx", "docx", "xlsx", "json"):
        assert f'name="format" value="{name}"' in page


def test_form_defaults_to_the_latest_staffing_date(staff_client, demo_data):
    page = staff_client.get(reverse("reports:report")).content.decode()

    assert 'value="2022"' in page
    assert 'value="2022-10-31"' in page


def test_a_format_button_queues_the_file_and_the_download_names_it_in_korean(
    staff_client, demo_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("reports:report-file-create"), {**QUERY, "format": "hwpx"}
        )

    report_file = ReportFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report-file-detail", args=[report_file.pk])
    assert DBTaskResult.objects.count() == 1
    run_queued_tasks()
    download = staff_client.get(reverse("reports:report-file-download", args=[report_file.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/hwp+zip"
    assert download["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('2022_주요업무보고_2022-10-31.hwpx')}"
    )
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_bad_input_is_refused_with_the_form(staff_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff_client.post(
            reverse("reports:report-file-create"),
            {"year": "x", "as_of": "2022-10-31", "format": "pdf"},
        )

    page = response.content.decode()
    assert response.status_code == 400
    assert "정수를 입력하세요" in page
    assert "pdf" in page and "선택" in page  # Django's Korean "not one of the choices"
    assert callbacks == []
    assert not ReportFile.objects.exists()


def test_a_report_that_cannot_be_built_shows_why(staff_client, demo_data, monkeypatch):
    from django.core.exceptions import ValidationError

    from ieum.reports import views

    def refuse(*, year, as_of):
        raise ValidationError("캐빈닷넷 운영: 알 수 없는 지표 pv")

    monkeypatch.setattr(views, "report_build", refuse)

    response = staff_client.get(reverse("reports:report"), QUERY)

    page = response.content.decode()
    assert response.status_code == 400
    assert "알 수 없는 지표 pv" in page
    assert 'name="format"' not in page  # no button for a report that cannot be made
