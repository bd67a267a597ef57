"""Background work of the spaces: the daily chores the workers keep (ieum.core.tasks)."""

from django.utils import timezone
from django_tasks import task

from ieum.core.tasks import register_chore

from .services.tenants import tenancies_end_expired


@task()
def end_tenancies() -> int:
    """기간이 끝난 입주 계약 종료 처리"""
    return tenancies_end_expired(on=timezone.localdate())


register_chore("spaces.end_tenancies", task=end_tenancies, every="daily", hour=0)
