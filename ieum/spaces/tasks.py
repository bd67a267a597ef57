"""Background work of the spaces: the daily chores the workers keep (ieum.core.tasks)."""

from django.utils import timezone
from django_tasks import task

from ieum.core.permissions import system_actor
from ieum.core.tasks import register_chore

from .services.kitchen import hygiene_reminders_send
from .services.tenants import tenancies_end_expired


@task()
def end_tenancies() -> int:
    """기간이 끝난 입주 계약 종료 처리"""
    return tenancies_end_expired(on=timezone.localdate(), actor=system_actor())


register_chore("spaces.end_tenancies", task=end_tenancies, every="daily", hour=0)


@task()
def remind_hygiene_certificates() -> int:
    """공유주방 위생 증명 만료 안내"""
    return hygiene_reminders_send(on=timezone.localdate(), actor=system_actor())


register_chore("spaces.hygiene_reminders", task=remind_hygiene_certificates, every="daily", hour=8)
