import pytest

from ieum.core.choices import Role


@pytest.fixture
def member(make_user):
    """A member of `member_enterprise` (the enterprise role)."""
    return make_user(Role.ENTERPRISE)
