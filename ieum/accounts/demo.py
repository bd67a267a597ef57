"""Demo logins, one per role. Loading again resets their passwords and links, nothing more."""

from dataclasses import dataclass

from ieum.core.choices import Role
from ieum.enterprises.models import Enterprise, Institution
from ieum.organization.models import Department

from .models import User

STAFF_DEPARTMENT = "경영전략실"
BUYER_INSTITUTION = "은평구청"


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    username: str
    password: str
    display_name: str


DEMO_LOGINS = (
    DemoLogin(Role.ADMIN, "admin", "ieum-admin-2022", "시스템 관리자"),
    DemoLogin(Role.STAFF, "staff", "ieum-staff-2022", "김이음"),
    DemoLogin(Role.ENTERPRISE, "enterprise", "ieum-member-2022", "박나눔"),
    DemoLogin(Role.BUYER, "buyer", "ieum-buyer-2022", "이공공"),
    DemoLogin(Role.CITIZEN, "citizen", "ieum-citizen-2022", "최시민"),
)


def load(stdout) -> None:
    # The place each role belongs to: (field, the row or None, why it can be missing).
    belongs_to = {
        Role.STAFF: (
            "department",
            Department.objects.filter(name=STAFF_DEPARTMENT).first(),
            f"조직 데모에 '{STAFF_DEPARTMENT}' 부서가 없어",
        ),
        Role.ENTERPRISE: (
            "enterprise",
            Enterprise.objects.filter(is_sample=True).order_by("brn").first(),
            "예시 기업이 없어",
        ),
        Role.BUYER: (
            "institution",
            Institution.objects.filter(name=BUYER_INSTITUTION).first(),
            f"공공기관 '{BUYER_INSTITUTION}'이(가) 없어",
        ),
    }
    loaded = []
    for login in DEMO_LOGINS:
        links = {"department": None, "enterprise": None, "institution": None}
        if login.role in belongs_to:
            field, target, reason = belongs_to[login.role]
            if target is None:
                stdout.write(
                    f"경고: {reason} {login.role.label} 데모 계정({login.username})을 "
                    "만들지 않았습니다."
                )
                continue
            links[field] = target
        _save(login, links)
        loaded.append(login.username)
    stdout.write(f"계정: 데모 계정 {len(loaded)}개({', '.join(loaded)})를 준비했습니다.")


def _save(login: DemoLogin, links: dict) -> User:
    user = User.objects.filter(username=login.username).first() or User(username=login.username)
    user.role = login.role
    user.display_name = login.display_name
    # An address, so the demo's decisions and order steps send mail (to the console in
    # development: `make run` prints them); example.org is reserved for examples.
    user.email = f"{login.username}@example.org"
    user.is_active = True
    for field, target in links.items():
        setattr(user, field, target)
    user.set_password(login.password)
    user.full_clean()
    user.save()
    return user
