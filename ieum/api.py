"""The ieum API under /api/ (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

from ieum.accounts.api import BearerToken
from ieum.accounts.api import router as accounts_router
from ieum.enterprises.api import router as enterprises_router

api = NinjaAPI(
    title="ieum API",
    version="1",
    description="이음 운영 플랫폼 API. 개인 토큰으로 인증합니다: Authorization: Bearer …",
    auth=BearerToken(),
    urls_namespace="api",
)
api.add_router("/accounts", accounts_router)
api.add_router("/enterprises", enterprises_router)
