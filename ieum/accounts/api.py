"""Bearer-token authentication for /api/ and the signed-in user's own record."""

from ninja import Router, Schema
from ninja.security import HttpBearer

from ieum.core.permissions import has_permission

from .services import api_token_authenticate


class BearerToken(HttpBearer):
    """`Authorization: Bearer ieum_…` with a personal token (ieum create_api_token)."""

    def authenticate(self, request, token: str):
        user = api_token_authenticate(token)
        if user is None or not has_permission(user, "api.use"):
            return None
        request.user = user
        return user


router = Router(tags=["계정"])


class MeOut(Schema):
    username: str
    name: str
    role: str
    role_label: str


@router.get("/me", response=MeOut, summary="토큰 소유자")
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "name": str(user),
        "role": user.role,
        "role_label": str(user.get_role_display()),
    }
