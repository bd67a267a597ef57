"""The one permission table, role by role, and who may see which enterprise."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from ieum.core.choices import Role
from ieum.core.permissions import has_permission, permission_table, require_permission
from ieum.enterprises.models import Enterprise
from ieum.enterprises.permissions import can_view_enterprise

S, E, B, C, A = Role.STAFF, Role.ENTERPRISE, Role.BUYER, Role.CITIZEN, Role.ADMIN
ROLES = [S, E, B, C, A]

# Written out by hand: a permission an app registers has to be named here too, on purpose.
EXPECTED = {
    "console.view": {S, A},
    "tasks.manage": {S, A},
    "organization.view": {S, A},
    "organization.edit": {S, A},
    "enterprises.view": {S, A},
    "enterprises.view_contacts": {S, A},
    "enterprises.edit": {S, A},
    "enterprises.import": {S, A},
    "enterprises.export": {S, A},
    "budget.view": {S, A},
    "budget.edit": {S, A},
    "budget.override": {A},
    "programs.view": {S, A},
    "programs.edit": {S, A},
    "reports.view": {S, A},
    "mall.view": {S, A},
    "mall.manage": {S, A},
    "mall.buy": {B},
    "mall.sell": {E},
    "spaces.view": {S, A},
    "spaces.manage": {S, A},
    "spaces.book": {E, S, A},
    "api.use": {S, E, B, C, A},
    "admin.site": {A},
}


def test_the_table_names_exactly_the_expected_permissions():
    assert set(permission_table()) == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", list(EXPECTED))
def test_role_holds_exactly_its_permissions(make_user, role, permission):
    user = make_user(role)
    assert has_permission(user, permission) is (role in EXPECTED[permission])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", list(EXPECTED))
def test_inactive_user_holds_nothing(make_user, role, permission):
    assert not has_permission(make_user(role, is_active=False), permission)


@pytest.mark.parametrize("permission", list(EXPECTED))
def test_anonymous_visitor_holds_nothing(permission):
    assert not has_permission(AnonymousUser(), permission)
    assert not has_permission(None, permission)


def test_unknown_permission_raises_key_error(staff_user):
    with pytest.raises(KeyError, match="enterprises.delete"):
        has_permission(staff_user, "enterprises.delete")
    with pytest.raises(KeyError):
        has_permission(None, "console.veiw")


def test_require_permission_refuses_in_korean(make_user, staff_user):
    require_permission(staff_user, "console.view")
    with pytest.raises(PermissionDenied, match="권한이 없습니다"):
        require_permission(make_user(Role.CITIZEN), "console.view")


# --- can_view_enterprise ----------------------------------------------------------------------


@pytest.fixture
def other_enterprise(db):
    return Enterprise.objects.create(name="다른협동조합", brn="1348672683", district="마포구")


@pytest.mark.parametrize("role", [S, A])
def test_staff_side_sees_every_enterprise(make_user, member_enterprise, other_enterprise, role):
    user = make_user(role)
    assert can_view_enterprise(user, member_enterprise)
    assert can_view_enterprise(user, other_enterprise)


def test_member_sees_only_their_own_enterprise(make_user, member_enterprise, other_enterprise):
    member = make_user(E)
    assert member.enterprise_id == member_enterprise.pk
    assert can_view_enterprise(member, member_enterprise)
    assert not can_view_enterprise(member, other_enterprise)


@pytest.mark.parametrize("role", [B, C])
def test_buyer_and_citizen_see_no_enterprise_page(make_user, member_enterprise, role):
    # Even one linked to the enterprise: only the member role opens it.
    user = make_user(role, enterprise=member_enterprise)
    assert not can_view_enterprise(user, member_enterprise)


def test_anonymous_and_inactive_members_see_no_enterprise(make_user, member_enterprise):
    assert not can_view_enterprise(AnonymousUser(), member_enterprise)
    assert not can_view_enterprise(None, member_enterprise)
    assert not can_view_enterprise(make_user(E, is_active=False), member_enterprise)
    assert not can_view_enterprise(make_user(S, is_active=False), member_enterprise)


def test_commands_acting_for_a_user_use_the_same_table(make_user, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    make_user(Role.CITIZEN, username="시민1")
    make_user(Role.STAFF, username="직원1")
    out = tmp_path / "registry.xlsx"
    with pytest.raises(CommandError, match="권한이 없습니다"):
        call_command("export_enterprises", str(out), user="시민1")
    assert not out.exists()
    call_command("export_enterprises", str(out), user="직원1")
    assert out.exists()
    with pytest.raises(CommandError, match="찾을 수 없습니다"):
        call_command("import_enterprises", str(out), user="없는사람")
