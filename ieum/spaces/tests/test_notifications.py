"""E-mail of spaces: a booking approved, rejected or cancelled by the center reaches the
person who booked; a tenant call's selection reaches each applicant's members with its result.
Once per event after the commit, Korean or English, with the link; none when turned off or
rolled back."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ieum.accounts.services import notification_preferences_update
from ieum.accounts.tests.mail import committed, rolled_back, to
from ieum.core.choices import Role
from ieum.core.models import Notification
from ieum.core.permissions import system_actor
from ieum.enterprises.tests.factories import EnterpriseFactory
from ieum.spaces.choices import BookingStatus
from ieum.spaces.services import tenants
from ieum.spaces.services.bookings import (
    booking_approve,
    booking_cancel,
    booking_reject,
    format_slot,
)

from .factories import RoomFactory
from .test_bookings import at, book, next_weekday
from .test_tenants import CRITERIA, apply, open_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_user):
    return make_user(Role.ENTERPRISE, email="member@example.kr")


@pytest.fixture
def staff(make_user):
    return make_user(Role.STAFF, email="staff@example.kr")


@pytest.fixture
def requested(member):
    """A booking waiting for the center's approval."""
    room = RoomFactory(name="회의실 A", needs_approval=True, max_days_ahead=60)
    day = next_weekday()
    booking = book(member, room, at(day, 10), at(day, 12), title="월간 회의")
    assert booking.status == BookingStatus.REQUESTED
    return booking


@dataclass
class Event:
    kind: str
    act: Callable[[], object]
    recipients: list
    url: str
    subject: str
    subject_en: str
    body: str
    body_en: str


def _where(booking) -> str:
    return f"{booking.room} {format_slot(booking.starts_at, booking.ends_at)}"


def booking_approved(booking, member, staff) -> Event:
    where = _where(booking)
    return Event(
        kind="spaces.booking_decided",
        act=lambda: booking_approve(booking=booking, actor=staff),
        recipients=[member],
        url=reverse("spaces:booking-detail", args=[booking.pk]),
        subject=f"[이음] 공간 예약이 승인되었습니다: {where}",
        subject_en=f"[Ieum] Booking approved: {where}",
        body="예약(월간 회의)이 승인되었습니다.",
        body_en="(월간 회의) is approved.",
    )


def booking_rejected(booking, member, staff) -> Event:
    where = _where(booking)
    return Event(
        kind="spaces.booking_decided",
        act=lambda: booking_reject(booking=booking, actor=staff, reason="시설 점검"),
        recipients=[member],
        url=reverse("spaces:booking-detail", args=[booking.pk]),
        subject=f"[이음] 공간 예약이 반려되었습니다: {where}",
        subject_en=f"[Ieum] Booking rejected: {where}",
        body="예약(월간 회의)이 반려되었습니다.\n사유: 시설 점검",
        body_en="(월간 회의) was rejected.\nReason: 시설 점검",
    )


def booking_cancelled_by_staff(booking, member, staff) -> Event:
    where = _where(booking)
    return Event(
        kind="spaces.booking_decided",
        act=lambda: booking_cancel(booking=booking, user=staff, reason="정전"),
        recipients=[member],
        url=reverse("spaces:booking-detail", args=[booking.pk]),
        subject=f"[이음] 센터가 공간 예약을 취소했습니다: {where}",
        subject_en=f"[Ieum] Booking cancelled by the center: {where}",
        body="예약(월간 회의)을 취소했습니다.\n사유: 정전",
        body_en="The center cancelled your booking of",
    )


BOOKINGS = {f.__name__: f for f in (booking_approved, booking_rejected, booking_cancelled_by_staff)}


@pytest.mark.parametrize("name", BOOKINGS)
def test_the_booker_gets_one_korean_mail_after_commit(
    requested, member, staff, name, django_capture_on_commit_callbacks, settings
):
    event = BOOKINGS[name](requested, member, staff)
    with committed(django_capture_on_commit_callbacks) as sent:
        event.act()

    [message] = sent
    assert to(message) == member.email
    assert message.subject == event.subject
    assert event.body in message.body
    assert f"자세히 보기: {settings.SITE_URL}{event.url}\n" in message.body


@pytest.mark.parametrize("name", BOOKINGS)
def test_the_booker_who_chose_english_gets_english(
    requested, member, staff, name, django_capture_on_commit_callbacks
):
    member.language = "en"
    member.save(update_fields=["language"])
    event = BOOKINGS[name](requested, member, staff)
    with committed(django_capture_on_commit_callbacks) as sent:
        event.act()

    [message] = sent
    assert message.subject == event.subject_en
    assert event.body_en in message.body


@pytest.mark.parametrize("name", BOOKINGS)
def test_no_booking_mail_when_turned_off(
    requested, member, staff, name, django_capture_on_commit_callbacks
):
    notification_preferences_update(user=member, disabled_kinds=["spaces.booking_decided"])
    event = BOOKINGS[name](requested, member, staff)
    with committed(django_capture_on_commit_callbacks) as sent:
        event.act()
    assert sent == []


@pytest.mark.parametrize("name", BOOKINGS)
def test_no_booking_mail_when_rolled_back(
    requested, member, staff, name, django_capture_on_commit_callbacks
):
    event = BOOKINGS[name](requested, member, staff)
    with rolled_back(django_capture_on_commit_callbacks) as sent:
        event.act()
    assert sent == []
    assert not Notification.objects.exists()


def test_the_booker_cancelling_is_not_mailed(requested, member, django_capture_on_commit_callbacks):
    with committed(django_capture_on_commit_callbacks) as sent:
        booking_cancel(booking=requested, user=member, reason="일정 변경")
    assert sent == []


def test_a_colleague_cancelling_is_not_mailed_either(
    requested, make_user, django_capture_on_commit_callbacks
):
    colleague = make_user(Role.ENTERPRISE, email="colleague@example.kr")
    with committed(django_capture_on_commit_callbacks) as sent:
        booking_cancel(booking=requested, user=colleague)
    assert sent == []


# --- tenant call results ---------------------------------------------------------------------


@pytest.fixture
def decided_call(make_user):
    """A closed, scored call with two applicants whose members have addresses; returns the
    call, the chosen application and the members of (chosen, other)."""
    call = open_call(units=1, criteria=CRITERIA)
    chosen = apply(call, EnterpriseFactory(name="햇살공방"))
    other = apply(call, EnterpriseFactory(name="달빛상회"))
    members = {
        "chosen": [
            make_user(Role.ENTERPRISE, enterprise=chosen.enterprise, email=f"sun{n}@example.kr")
            for n in (1, 2)
        ],
        "other": [make_user(Role.ENTERPRISE, enterprise=other.enterprise, email="moon@example.kr")],
    }
    tenants.call_close(actor=system_actor(), call=call)
    for application, points in ((chosen, "35"), (other, "20")):
        tenants.application_score(
            application=application,
            scores={"사업계획": points, "사회적 가치": "20"},
            actor=system_actor(),
        )
    return call, chosen, members


def _select(call, chosen, staff):
    return tenants.applications_select(call=call, application_ids=[chosen.pk], actor=staff)


def test_each_applicant_hears_its_result_once(
    decided_call, staff, django_capture_on_commit_callbacks, settings
):
    call, chosen, members = decided_call
    with committed(django_capture_on_commit_callbacks) as sent:
        _select(call, chosen, staff)

    by_address = {to(message): message for message in sent}
    assert sorted(by_address) == ["moon@example.kr", "sun1@example.kr", "sun2@example.kr"]
    assert len(sent) == 3
    selected = by_address["sun1@example.kr"]
    assert selected.subject == f"[이음] 입주기업 모집 결과: {call.title} (선정)"
    assert f"햇살공방이(가) '{call.title}'에 입주기업으로 선정되었습니다." in selected.body
    not_selected = by_address["moon@example.kr"]
    assert not_selected.subject == f"[이음] 입주기업 모집 결과: {call.title}"
    assert f"아쉽게도 달빛상회은(는) '{call.title}'에 선정되지 않았습니다." in not_selected.body
    link = f"자세히 보기: {settings.SITE_URL}{reverse('spaces:tenancy-mine')}\n"
    assert all(link in message.body for message in sent)


def test_tenant_result_in_english(decided_call, staff, django_capture_on_commit_callbacks):
    call, chosen, members = decided_call
    for person in members["chosen"] + members["other"]:
        person.language = "en"
        person.save(update_fields=["language"])
    with committed(django_capture_on_commit_callbacks) as sent:
        _select(call, chosen, staff)

    subjects = sorted({message.subject for message in sent})
    assert subjects == [
        f"[Ieum] Tenant call result: {call.title}",
        f"[Ieum] Tenant call result: {call.title} (selected)",
    ]
    assert any("We are sorry: 달빛상회 was not selected" in message.body for message in sent)


def test_no_tenant_result_for_whoever_turned_it_off(
    decided_call, staff, django_capture_on_commit_callbacks
):
    call, chosen, members = decided_call
    notification_preferences_update(
        user=members["chosen"][0], disabled_kinds=["spaces.tenant_call_result"]
    )
    with committed(django_capture_on_commit_callbacks) as sent:
        _select(call, chosen, staff)

    assert sorted(to(message) for message in sent) == ["moon@example.kr", "sun2@example.kr"]


def test_no_tenant_result_when_the_selection_rolls_back(
    decided_call, staff, django_capture_on_commit_callbacks
):
    call, chosen, _members = decided_call
    with rolled_back(django_capture_on_commit_callbacks) as sent:
        _select(call, chosen, staff)

    assert sent == []
    assert not Notification.objects.exists()


def test_a_refused_selection_mails_nobody(decided_call, staff, django_capture_on_commit_callbacks):
    call, chosen, _members = decided_call
    others = list(call.applications.values_list("pk", flat=True))
    with committed(django_capture_on_commit_callbacks) as sent, pytest.raises(ValidationError):
        tenants.applications_select(call=call, application_ids=others, actor=staff)
    assert sent == []


def test_hygiene_reminders_go_out_30_7_1_and_0_days_before_once_a_day(
    member, django_capture_on_commit_callbacks
):
    import datetime as dt

    from ieum.core.tasks import schedule_due_chores
    from ieum.spaces.models import KitchenAgreement
    from ieum.spaces.services.kitchen import hygiene_reminders_send

    kitchen = RoomFactory(kind="kitchen")
    today = dt.date(2022, 10, 31)
    agreement = KitchenAgreement.objects.create(
        enterprise=member.enterprise,
        kitchen=kitchen,
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2023, 12, 31),
        hygiene_expires_on=today + dt.timedelta(days=7),
    )
    with committed(django_capture_on_commit_callbacks) as sent:
        assert hygiene_reminders_send(actor=system_actor(), on=today) == 1
    [message] = sent
    assert to(message) == member.email
    assert "'22.11.07." in message.subject and "위생 증명" in message.subject
    assert reverse("spaces:booking-list") in message.body
    with committed(django_capture_on_commit_callbacks) as sent:
        assert (
            hygiene_reminders_send(actor=system_actor(), on=today + dt.timedelta(days=1)) == 0
        )  # 6 days: no reminder
    assert sent == []
    agreement.hygiene_expires_on = today
    agreement.save()
    with committed(django_capture_on_commit_callbacks) as sent:
        assert hygiene_reminders_send(actor=system_actor(), on=today) == 1
    assert [to(message) for message in sent] == [member.email]
    # The daily chore that sends them is claimed once a day, whichever worker asks.
    morning = dt.datetime(2022, 10, 31, 9, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert "spaces.hygiene_reminders" in schedule_due_chores(worker_id="a", now=morning)
    assert "spaces.hygiene_reminders" not in schedule_due_chores(worker_id="b", now=morning)
