from urllib.parse import quote

import pytest
from django.urls import reverse

from ieum.accounts.choices import Role

pytestmark = pytest.mark.django_db

QUERY = {"year": 2022, "as_of": "2022-10-31"}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CITIZEN, 403),
        (Role.ENTERPRISE, 403),
        (Role.BUYER, 403),
        (Role.STAFF, 200),
        (Role.ADMIN, 200),
    ],
)
def test_report_page_is_for_staff(client, make_user, role, status):
    client.force_login(make_user(role))

    assert client.get(reverse("reports:report")).status_code == status
    download = client.get(reverse("reports:report-download"), {**QUERY, "format": "json"})
    assert download.status_code == status


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("reports:report"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_preview_shows_the_report_and_downloads(staff_client, demo_data):
    response = staff_client.get(reverse("reports:report"), QUERY)

    page = response.content.decode()
    assert response.status_code == 200
    assert "2 조직 운영" in page
    assert '<td class="num">24</td>' in page
    for name in ("html", "hwpx", "docx", "xlsx", "json"):
        assert f"format={name}" in page


def test_form_defaults_to_the_latest_staffing_date(staff_client, demo_data):
    page = staff_client.get(reverse("reports:report")).content.decode()

    assert 'value="2022"' in page
    assert 'value="2022-10-31"' in page


def test_download_names_the_file_in_korean_per_rfc_5987(staff_client, demo_data):
    response = staff_client.get(reverse("reports:report-download"), {**QUERY, "format": "hwpx"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/hwp+zip"
    disposition = response["Content-Disposition"]
    assert disposition == (
        'attachment; filename="2022_report_2022-10-31.hwpx"; '
        f"filename*=UTF-8''{quote('2022_주요업무보고_2022-10-31.hwpx')}"
    )
    assert response.content.startswith(b"PK")


def test_bad_input_is_refused_with_the_form(staff_client):
    response = staff_client.get(reverse("reports:report-download"), {"year": "x", "format": "pdf"})

    assert response.status_code == 400


def test_a_report_that_cannot_be_built_shows_why(staff_client, demo_data, monkeypatch):
    from django.core.exceptions import ValidationError

    from ieum.reports import views

    def refuse(*, year, as_of):
        raise ValidationError("캐빈닷넷 운영: 알 수 없는 지표 pv")

    monkeypatch.setattr(views, "report_build", refuse)

    response = staff_client.get(reverse("reports:report"), QUERY)

    assert response.status_code == 400
    assert "알 수 없는 지표 pv" in response.content.decode()
