"""The ieum API under /api/ (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs.

Errors are JSON with Korean messages, one schema for all (`ErrorOut`, ieum/core/api.py): a
service's ValidationError and a request that does not fit its schema are 422 `{"detail": first
message, "errors": {field: [messages]}}`; a missing or unknown token is 401, a PermissionDenied
403 and something not found 404, each `{"detail": message}`. A value the database cannot hold
that slipped past the schemas (DataError, OverflowError) is a 422 too, never a 500.

A body that is not JSON at all is a 400 `{"detail": message}`.

The OpenAPI document states, for every operation, the errors it can give (`_error_statuses`):
401 and 403 where a token is required, 404 where a path names something, 422 where there is
input, 400 where there is a body.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from ieum.accounts.api import BearerToken
from ieum.accounts.api import router as accounts_router
from ieum.core.api import ErrorOut
from ieum.enterprises.api import router as enterprises_router
from ieum.mall.api import router as mall_router
from ieum.spaces.api import router as spaces_router

ERROR_STATUSES = {
    400: "요청 본문이 JSON이 아님",
    401: "토큰이 없거나 올바르지 않음",
    403: "권한 없음",
    404: "찾을 수 없음",
    422: "입력 오류 (항목별 메시지)",
}
# Operations that never give an error the rules below would document.
_NEVER = {
    "ieum_accounts_api_me": {403},
}
# Operations that give an error the rules below would not document.
_ALSO = {
    "ieum_spaces_api_booking_add": {404},
}


def _error_statuses(operation: dict) -> set[int]:
    statuses = set()
    if operation.get("security"):
        statuses |= {401, 403}
    parameters = operation.get("parameters", [])
    if any(parameter["in"] == "path" for parameter in parameters):
        statuses.add(404)
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if "requestBody" in operation:
        statuses.add(400)
    operation_id = operation["operationId"]
    return (statuses | _ALSO.get(operation_id, set())) - _NEVER.get(operation_id, set())


class Api(NinjaAPI):
    """NinjaAPI whose document lists each operation's errors with the one error schema."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}", mode="serialization"
        )
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path in schema["paths"].values():
            for operation in path.values():
                for status in sorted(_error_statuses(operation)):
                    operation["responses"][status] = {
                        "description": ERROR_STATUSES[status],
                        "content": error,
                    }
        return schema


api = Api(
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


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc: AuthenticationError):
    message = _("API 토큰이 없거나 올바르지 않습니다. Authorization: Bearer … 로 보내 주세요.")
    return api.create_response(request, {"detail": message}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """An operation's own refusal keeps its (Korean) message; django-ninja's only one of its
    own, a body that is not JSON, gets a Korean one."""
    message = _("요청 본문을 JSON으로 읽을 수 없습니다.") if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"detail": _("찾을 수 없습니다.")}, status=404)


@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def out_of_range(request, exc: Exception):
    """The backstop behind the schemas' bounds: a value the database refuses."""
    return _errors_response(
        request, {NON_FIELD_ERRORS: [_("데이터베이스가 저장할 수 없는 값이 있습니다.")]}
    )


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
    "control_character": gettext_lazy(
        "제어 문자(NUL 등)는 입력할 수 없습니다. 여러 줄 입력란에서만 탭과 줄바꿈을 쓸 수 있습니다."
    ),
    "time_parsing": gettext_lazy("시각을 HH:MM[:SS] 형식으로 입력해 주세요 (오프셋은 선택)."),
    "time_type": gettext_lazy("시각을 HH:MM[:SS] 형식으로 입력해 주세요 (오프셋은 선택)."),
    "datetime_parsing": gettext_lazy(
        "일시를 YYYY-MM-DDTHH:MM[:SS] 형식으로 입력해 주세요 (오프셋은 선택)."
    ),
    "datetime_from_date_parsing": gettext_lazy(
        "일시를 YYYY-MM-DDTHH:MM[:SS] 형식으로 입력해 주세요 (오프셋은 선택)."
    ),
    "datetime_type": gettext_lazy(
        "일시를 YYYY-MM-DDTHH:MM[:SS] 형식으로 입력해 주세요 (오프셋은 선택)."
    ),
    "date_type": gettext_lazy("날짜를 YYYY-MM-DD 형식으로 입력해 주세요."),
    "enum": gettext_lazy("허용되지 않는 값입니다."),
    "dict_type": gettext_lazy("JSON 객체로 입력해 주세요."),
    "model_type": gettext_lazy("JSON 객체로 입력해 주세요."),
    "model_attributes_type": gettext_lazy("JSON 객체로 입력해 주세요."),
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
        message = str(_SCHEMA_MESSAGES.get(error.get("type"), _("값이 올바르지 않습니다.")))
        bounds = error.get("ctx") or {}
        if error.get("type") == "less_than_equal" and "le" in bounds:
            message = _("값이 너무 큽니다 (최대 %(bound)s).") % {"bound": bounds["le"]}
        elif error.get("type") == "greater_than_equal" and "ge" in bounds:
            message = _("값이 너무 작습니다 (최소 %(bound)s).") % {"bound": bounds["ge"]}
        errors.setdefault(field or NON_FIELD_ERRORS, []).append(message)
    return _errors_response(request, errors)
