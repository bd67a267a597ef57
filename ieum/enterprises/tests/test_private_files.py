"""An uploaded import file (names, contacts) is private: a random name in the private storage,
staff who import download it from the job page, nobody reaches it through /media/ or /static/,
and the job reads it from there."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ieum.core.choices import ImportJobStatus, Role
from ieum.core.imports import import_job_run
from ieum.core.models import ImportJob
from ieum.core.tests.privacy import assert_stored_privately

from .factories import valid_brn

pytestmark = pytest.mark.django_db

CSV = f"기업명,사업자등록번호,자치구\n햇살나눔,{valid_brn(1)},은평구\n".encode()


@pytest.fixture
def job(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("enterprises:import"),
        {"file": SimpleUploadedFile("2022 기업 명단(연락처).CSV", CSV)},
    )
    assert response.status_code == 302
    client.logout()
    return ImportJob.objects.get()


def url(job) -> str:
    return reverse("enterprises:import-job-file", args=[job.pk])


def test_staff_download_the_file_from_the_job_page(client, staff_user, job):
    client.force_login(staff_user)
    assert url(job) in client.get(reverse("enterprises:import-job", args=[job.pk])).content.decode()
    response = client.get(url(job))
    assert b"".join(response.streaming_content) == CSV
    assert job.original_filename == "2022 기업 명단(연락처).CSV"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''2022%20")


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.BUYER, Role.CITIZEN])
def test_others_are_refused(client, make_user, job, role):
    client.force_login(make_user(role))
    assert client.get(url(job)).status_code == 403
    client.logout()
    assert client.get(url(job)).status_code == 302


def test_the_file_is_not_where_the_proxy_serves(client, job):
    assert_stored_privately(job.file, uploaded_name="2022 기업 명단(연락처).CSV", client=client)


def test_the_job_reads_its_file_from_the_private_storage(job):
    assert import_job_run(job.pk).status == ImportJobStatus.SUCCEEDED
