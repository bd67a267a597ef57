"""Background work of the mall: the daily chores the workers keep (ieum.core.tasks)."""

from django.utils import timezone
from django_tasks import task

from ieum.core.tasks import register_chore

from .services.orders import quotes_expire


@task()
def expire_quotes() -> int:
    """유효기간이 지난 견적 만료 처리"""
    return quotes_expire(on=timezone.localdate())


register_chore("mall.expire_quotes", task=expire_quotes, every="daily", hour=0)
