"""An enterprise import that ends, on the worker, mails the person who started it: once,
in their language, with the link to the job's page; not when they turned it off."""

import pytest
from django.urls import reverse

from ieum.accounts.services import notification_preferences_update
from ieum.accounts.tests.mail import committed, rolled_back, to
from ieum.core.choices import Role
from ieum.core.idnumbers import format_brn
from ieum.core.imports import _import_job_lost, import_job_create
from ieum.core.models import ImportJob
from ieum.enterprises.tasks import ENTERPRISES

from .factories import valid_brn
from .test_import_views import one_bad_row, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def starter(make_user):
    return make_user(Role.STAFF, email="importer@example.kr")


def good_file():
    return upload([["햇살나눔", format_brn(valid_brn(11)), "은평구"]], name="기업목록.xlsx")


def test_the_person_who_started_it_is_told_once_when_it_ends(
    starter, make_user, django_capture_on_commit_callbacks, settings
):
    make_user(Role.STAFF, email="colleague@example.kr")
    with committed(django_capture_on_commit_callbacks) as sent:
        job = import_job_create(kind=ENTERPRISES, upload=good_file(), created_by=starter)

    [message] = sent
    assert to(message) == "importer@example.kr"
    assert message.subject == "[이음] 기업 가져오기 완료: 기업목록.xlsx"
    assert "'기업목록.xlsx' 가져오기가 끝났습니다." in message.body
    assert "새로 등록 1건, 갱신 0건, 변경 없음 0건, 오류 0건" in message.body
    link = settings.SITE_URL + reverse("enterprises:import-job", args=[job.pk])
    assert f"자세히 보기: {link}\n" in message.body


def test_a_failed_import_says_so(starter, django_capture_on_commit_callbacks):
    with committed(django_capture_on_commit_callbacks) as sent:
        import_job_create(kind=ENTERPRISES, upload=one_bad_row(), created_by=starter)

    [message] = sent
    assert message.subject == "[이음] 기업 가져오기 실패: 기업목록.xlsx"
    assert "'기업목록.xlsx' 가져오기가 실패했습니다 (오류 1건). 아무것도 저장하지" in message.body


def test_in_english_for_whoever_chose_it(starter, django_capture_on_commit_callbacks):
    starter.language = "en"
    starter.save(update_fields=["language"])
    with committed(django_capture_on_commit_callbacks) as sent:
        import_job_create(kind=ENTERPRISES, upload=good_file(), created_by=starter, dry_run=True)

    [message] = sent
    assert message.subject == "[Ieum] Import enterprises: 기업목록.xlsx (Done)"
    assert "The dry run of '기업목록.xlsx' has finished. Nothing was saved." in message.body
    assert "1 added, 0 updated, 0 unchanged, 0 errors" in message.body


def test_none_when_turned_off(starter, django_capture_on_commit_callbacks):
    notification_preferences_update(user=starter, disabled_kinds=["enterprises.import_finished"])
    with committed(django_capture_on_commit_callbacks) as sent:
        import_job_create(kind=ENTERPRISES, upload=good_file(), created_by=starter)

    assert sent == []
    assert ImportJob.objects.get().status == "succeeded"


def test_none_when_the_upload_rolls_back(starter, django_capture_on_commit_callbacks):
    with rolled_back(django_capture_on_commit_callbacks) as sent:
        import_job_create(kind=ENTERPRISES, upload=good_file(), created_by=starter)

    assert sent == []
    assert not ImportJob.objects.exists()


def test_a_job_given_up_after_its_worker_died_tells_its_starter(
    starter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(kind=ENTERPRISES, upload=good_file(), created_by=starter)
    with committed(django_capture_on_commit_callbacks) as sent:
        _import_job_lost(
            [job.pk], {}, "작업자(w1)가 작업 중에 멈췄습니다 (2번 시도). 다시 시도하세요."
        )

    [message] = sent
    assert message.subject == "[이음] 기업 가져오기 실패: 기업목록.xlsx"
