"""E-mail notifications: `notify` writes one outbox row per person in their language, skips
whoever turned the kind off or has no address, queues the mail for after the commit (none on a
rollback); the send job sends once however often it runs; 내 계정 sets the kinds and the
language switch sets the e-mail's language. The notifications of each app are tested beside
it (mall, spaces, enterprises)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from ieum.accounts.services import notification_preferences_update
from ieum.core import notifications
from ieum.core.choices import Language, Role
from ieum.core.models import Notification, NotificationOptOut
from ieum.core.notifications import notify, send_notification
from ieum.core.testing import needs_postgresql, run_queued_tasks

from .mail import committed, rolled_back, to

pytestmark = pytest.mark.django_db

# Kinds of every app, as 내 계정 lists them per role.
ENTERPRISE_KINDS = {
    "mall.vendor_decided",
    "mall.quote_requested",
    "mall.order_step",
    "spaces.booking_decided",
    "spaces.tenant_call_result",
    "spaces.hygiene_expiring",
    "enterprises.import_finished",
}
BUYER_KINDS = {
    "mall.membership_decided",
    "mall.quote_answered",
    "mall.order_step",
}
STAFF_KINDS = {"spaces.booking_decided", "enterprises.import_finished"}

# The Korean msgids of the mall's approval mail (ieum/mall/services/vendors.py).
SUBJECT = "함께누리 입점이 승인되었습니다"
BODY = (
    "%(enterprise)s의 함께누리 입점 신청이 승인되었습니다. "
    "오늘부터 상품을 등록해 판매할 수 있습니다."
)


@pytest.fixture
def member(make_user):
    return make_user(Role.ENTERPRISE, email="member@example.kr", display_name="김나눔")


def tell(*recipients, **extra):
    """A mall notification as a service writes it (the kind is one the mall registers)."""
    return notify(
        kind="mall.vendor_decided",
        recipients=recipients,
        subject=SUBJECT,
        body=BODY,
        context={"enterprise": "소속협동조합"},
        url="/mall/vendor/",
        **extra,
    )


# --- notify ----------------------------------------------------------------------------------


def test_one_mail_in_korean_after_commit_with_the_absolute_link(
    member, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://ieum.example.kr"
    with committed(django_capture_on_commit_callbacks) as sent:
        [row] = tell(member)
        # Written in the transaction, not yet sent.
        assert row.sent_at is None
        assert mail.outbox == []

    [message] = sent
    assert to(message) == "member@example.kr"
    assert message.subject == "[이음] 함께누리 입점이 승인되었습니다"
    assert message.body.startswith("김나눔님, 안녕하세요.\n\n소속협동조합의 함께누리 입점 신청이")
    assert "자세히 보기: https://ieum.example.kr/mall/vendor/" in message.body
    assert "https://ieum.example.kr/accounts/me/#notifications" in message.body
    row.refresh_from_db()
    assert row.sent_at is not None
    assert (row.kind, row.language, row.email) == ("mall.vendor_decided", "ko", member.email)


def test_a_person_who_chose_english_gets_english(member, django_capture_on_commit_callbacks):
    member.language = Language.ENGLISH
    member.save()
    with committed(django_capture_on_commit_callbacks) as sent:
        tell(member)

    [message] = sent
    assert message.subject == "[Ieum] Your Hamkke Nuri vendor application is approved"
    assert message.body.startswith("Hello, 김나눔.\n\nThe Hamkke Nuri vendor application of")
    assert "Details: http://" in message.body
    assert "님" not in message.body.replace("김나눔", "")


def test_each_person_in_their_own_language(member, make_user, django_capture_on_commit_callbacks):
    english = make_user(Role.ENTERPRISE, email="en@example.kr", language=Language.ENGLISH)
    with committed(django_capture_on_commit_callbacks) as sent:
        tell(member, english)

    subjects = {to(message): message.subject for message in sent}
    assert subjects == {
        "member@example.kr": "[이음] 함께누리 입점이 승인되었습니다",
        "en@example.kr": "[Ieum] Your Hamkke Nuri vendor application is approved",
    }


def test_no_mail_to_whoever_turned_the_kind_off(
    member, make_user, django_capture_on_commit_callbacks
):
    other = make_user(Role.ENTERPRISE, email="other@example.kr")
    notification_preferences_update(user=member, disabled_kinds=["mall.vendor_decided"])
    with committed(django_capture_on_commit_callbacks) as sent:
        tell(member, other)

    assert [to(message) for message in sent] == ["other@example.kr"]
    assert not Notification.objects.filter(recipient=member).exists()


def test_no_mail_without_an_address_to_an_inactive_account_or_to_the_actor(
    member, make_user, django_capture_on_commit_callbacks
):
    no_address = make_user(Role.ENTERPRISE)
    inactive = make_user(Role.ENTERPRISE, email="gone@example.kr", is_active=False)
    with committed(django_capture_on_commit_callbacks) as sent:
        rows = tell(member, no_address, inactive, member, actor=member)

    assert rows == [] and sent == []
    assert not Notification.objects.exists()


def test_the_same_person_twice_gets_one_mail(member, django_capture_on_commit_callbacks):
    with committed(django_capture_on_commit_callbacks) as sent:
        tell(member, member)
    assert len(sent) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(
    member, django_capture_on_commit_callbacks
):
    with rolled_back(django_capture_on_commit_callbacks) as sent:
        tell(member)

    assert sent == []
    assert not Notification.objects.exists()


@transaction.atomic
def _service_that_fails_after_notify(member):
    tell(member)
    raise ValidationError("이 작업은 실패합니다.")


def test_nothing_is_sent_when_the_service_raises_after_notify(
    member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        _service_that_fails_after_notify(member)
    run_queued_tasks()

    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_an_unknown_kind_or_a_missing_body_is_a_programming_error(member):
    with pytest.raises(ValueError, match="unknown notification kind"):
        notify(kind="mall.nope", recipients=[member], subject="제목", body="본문")
    with pytest.raises(ValueError, match="either body or template"):
        notify(kind="mall.vendor_decided", recipients=[member], subject="제목")


# --- the send job ------------------------------------------------------------------------------


def test_the_send_job_run_twice_sends_once(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        [row] = tell(member)
    mail.outbox.clear()
    # The job queued twice (a retry, or a worker thought lost while it was sending).
    send_notification.enqueue(row.pk)
    send_notification.enqueue(row.pk)
    results = run_queued_tasks()

    assert len(mail.outbox) == 1
    assert sorted(result.return_value for result in results) == ["already sent", "sent"]
    assert send_notification.call(row.pk) == "already sent"
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND="ieum.accounts.tests.test_notifications.RefusingBackend")
def test_a_refused_mail_fails_the_job_keeps_the_reason_and_a_retry_sends_it(member):
    [row] = tell(member)
    send_notification.enqueue(row.pk)
    [result] = run_queued_tasks(raise_failures=False)

    assert result.status == "FAILED"
    row.refresh_from_db()
    assert row.sent_at is None
    assert row.error == "SMTPServerDisconnected: 메일 서버가 응답하지 않습니다"

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        assert send_notification.call(row.pk) == "sent"
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.error == ""


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPServerDisconnected("메일 서버가 응답하지 않습니다")


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_committed_event_sends_once_and_a_rolled_back_one_never(make_user):
    member = make_user(Role.ENTERPRISE, email="member@example.kr")
    mail.outbox = []
    with transaction.atomic():
        [sent_row] = tell(member)
    with pytest.raises(RuntimeError), transaction.atomic():
        tell(member)
        raise RuntimeError
    send_notification.enqueue(sent_row.pk)  # a second job for the same row
    run_queued_tasks()

    assert [to(message) for message in mail.outbox] == ["member@example.kr"]
    assert list(Notification.objects.values_list("pk", flat=True)) == [sent_row.pk]
    assert Notification.objects.get().sent_at is not None


# --- kinds and preferences -----------------------------------------------------------------


def test_every_app_registers_its_kinds_and_each_role_sees_its_own(make_user):
    keys = {kind.key for kind in notifications.kinds()}
    assert keys == ENTERPRISE_KINDS | BUYER_KINDS | STAFF_KINDS
    for role, expected in [
        (Role.ENTERPRISE, ENTERPRISE_KINDS),
        (Role.BUYER, BUYER_KINDS),
        (Role.STAFF, STAFF_KINDS),
        (Role.ADMIN, STAFF_KINDS),
        (Role.CITIZEN, set()),
    ]:
        assert {kind.key for kind in notifications.kinds_for(make_user(role))} == expected


def test_preferences_replace_the_previous_choice_and_refuse_unknown_kinds(member):
    notification_preferences_update(user=member, disabled_kinds=["mall.order_step"])
    notification_preferences_update(
        user=member, disabled_kinds=["mall.vendor_decided", "mall.quote_requested"]
    )
    assert notifications.disabled_kinds(member) == {"mall.vendor_decided", "mall.quote_requested"}

    with pytest.raises(ValidationError, match="알 수 없는 알림 종류입니다: mall.nope"):
        notification_preferences_update(user=member, disabled_kinds=["mall.nope"])
    assert NotificationOptOut.objects.filter(user=member).count() == 2


def test_account_page_lists_the_kinds_with_korean_labels_ticked(client, member):
    notification_preferences_update(user=member, disabled_kinds=["mall.order_step"])
    client.force_login(member)
    page = client.get(reverse("accounts:account")).content.decode()

    assert "알림 메일" in page and "member@example.kr(으)로 받을 알림을 고르세요." in page
    assert "함께누리 입점 신청 결과 (승인·반려)" in page
    assert "입주기업 모집 선정 결과" in page
    assert "기업 가져오기 완료" not in page  # a staff kind
    assert 'value="mall.vendor_decided" checked' in page
    assert 'value="mall.order_step">' in page  # turned off: not ticked


def test_account_page_in_english(client, member):
    client.force_login(member)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:account")).content.decode()

    assert "E-mail notifications" in page
    assert "Hamkke Nuri vendor application decided (approved or rejected)" in page
    assert "Save notification settings" in page
    assert "입점 신청 결과" not in page


def test_account_page_says_when_there_is_no_address(client, make_user):
    client.force_login(make_user(Role.BUYER))
    page = client.get(reverse("accounts:account")).content.decode()
    assert "계정에 이메일 주소가 없어 알림 메일을 보내지 않습니다." in page


def test_posting_the_form_turns_off_the_unticked_kinds(client, member):
    client.force_login(member)
    ticked = sorted(ENTERPRISE_KINDS - {"mall.quote_requested", "spaces.booking_decided"})
    response = client.post(reverse("accounts:notification-preferences"), {"kinds": ticked})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    assert notifications.disabled_kinds(member) == {
        "mall.quote_requested",
        "spaces.booking_decided",
    }

    client.post(reverse("accounts:notification-preferences"), {"kinds": sorted(ENTERPRISE_KINDS)})
    assert notifications.disabled_kinds(member) == set()


def test_the_preferences_form_needs_a_signed_in_post(client, member):
    url = reverse("accounts:notification-preferences")
    assert client.post(url, {"kinds": []})["Location"].startswith(reverse("login"))
    client.force_login(member)
    assert client.get(url).status_code == 405


# --- language --------------------------------------------------------------------------------


def test_switching_language_keeps_the_cookie_and_stores_it_on_the_account(client, member, settings):
    client.force_login(member)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/mall/"})

    assert response.status_code == 302 and response["Location"] == "/mall/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    member.refresh_from_db()
    assert member.language == "en"

    client.post(reverse("set_language"), {"language": "ko", "next": "/"})
    member.refresh_from_db()
    assert member.language == "ko"


def test_switching_language_signed_out_or_to_an_unknown_language_changes_no_account(
    client, member, settings
):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert response.status_code == 302

    client.force_login(member)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    member.refresh_from_db()
    assert member.language == "ko"
