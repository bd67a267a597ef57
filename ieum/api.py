"""The ieum API under /api/ (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs.

Errors are JSON with Korean messages: a service's ValidationError and a request that does not
fit its schema are 422 `{"detail": first message, "errors": {field: [messages]}}`, a
PermissionDenied is 403 `{"detail": message}`.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import ValidationError as SchemaError

from ieum.accounts.api import BearerToken
from ieum.accounts.api import router as accounts_router
from ieum.enterprises.api import router as enterprises_router
from ieum.mall.api import router as mall_router
from ieum.spaces.api import router as spaces_router

api = NinjaAPI(
    title="ieum API",
    version="1",
    description="이음 운영 플랫폼 API. 개인 토큰으로 인증합니다: Authorization: Bearer …",
    auth=BearerToken(),
    urls_namespace="api",
)
api.add_router("/accounts", accounts_router)
api.add_router("/enterprises", enterprises_router)
api.add_router("/mall", mall_router)
api.add_router("/spaces", spaces_router)


def _errors_response(request, errors: dict[str, list[str]]):
    first = next(iter(errors.values()))[0]
    return api.create_response(request, {"detail": first, "errors": errors}, status=422)


@api.exception_handler(ValidationError)
def service_refused(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        errors = {field: list(messages) for field, messages in exc.message_dict.items()}
    else:
        errors = {NON_FIELD_ERRORS: list(exc.messages)}
    return _errors_response(request, errors)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    message = str(exc) or _("이 작업을 할 권한이 없습니다.")
    return api.create_response(request, {"detail": message}, status=403)


# Pydantic's error types, as a Korean reader needs them.
_SCHEMA_MESSAGES = {
    "missing": gettext_lazy("꼭 입력해야 하는 항목입니다."),
    "int_parsing": gettext_lazy("정수로 입력해 주세요."),
    "int_type": gettext_lazy("정수로 입력해 주세요."),
    "int_from_float": gettext_lazy("정수로 입력해 주세요."),
    "greater_than_equal": gettext_lazy("값이 너무 작습니다."),
    "less_than_equal": gettext_lazy("값이 너무 큽니다."),
    "string_type": gettext_lazy("문자열로 입력해 주세요."),
    "bool_parsing": gettext_lazy("true 또는 false로 입력해 주세요."),
    "date_from_datetime_parsing": gettext_lazy("날짜를 YYYY-MM-DD 형식으로 입력해 주세요."),
    "date_parsing": gettext_lazy("날짜를 YYYY-MM-DD 형식으로 입력해 주세요."),
    "list_type": gettext_lazy("목록으로 입력해 주세요."),
    "literal_error": gettext_lazy("허용되지 않는 값입니다."),
    "json_invalid": gettext_lazy("JSON 형식이 올바르지 않습니다."),
}


@api.exception_handler(SchemaError)
def schema_refused(request, exc: SchemaError):
    """A request that does not fit the schema: the field's path without the part it came in
    ('items.0.quantity'), with a Korean message."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # (source, the view's argument, field …), or (source, field) for a plain argument.
        location = [str(part) for part in error.get("loc", ())[1:]]
        field = ".".join(location[1:] if len(location) > 1 else location)
        message = _SCHEMA_MESSAGES.get(error.get("type"), _("값이 올바르지 않습니다."))
        errors.setdefault(field or NON_FIELD_ERRORS, []).append(str(message))
    return _errors_response(request, errors)
