"""Korean first (the interface is Korean unless the user picked another language), and the
guard every page has against hostile input."""

import logging

from django.conf import settings
from django.db import DataError
from django.http import Http404, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from .forms import (
    BIGINT_MAX,
    BIGINT_MIN,
    control_characters_message,
    first_control_character_field,
    has_control_characters,
)

logger = logging.getLogger(__name__)


class KoreanFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not a choice: staff
    on English-language PCs still get Korean until they choose English in the menu (cookie)."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


API_PREFIX = "/api/"


class HostileInputMiddleware:
    """What a page (not the API, which answers in JSON itself) does with hostile input:

    - a query string or posted form holding NUL or another C0 control character (tab and
      line breaks aside) is refused with a Korean 400 naming the field, before any view or
      query sees it;
    - an id in the URL beyond the databases' 64-bit range is a 404 (SQLite would overflow);
    - a value out of the database's range that escaped a form or filter (django.db.DataError,
      OverflowError) becomes a Korean 400 page rather than a 500: the backstop for any path
      the forms miss.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            field = first_control_character_field(request.GET)
            if field is None and request.method == "POST" and _is_form(request):
                field = first_control_character_field(request.POST)
            if field is not None:
                label = "" if has_control_characters(field) else field
                return bad_request(request, control_characters_message(label))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not BIGINT_MIN <= value <= BIGINT_MAX:
                raise Http404(_("찾는 항목이 없습니다."))
        return

    def process_exception(self, request, exception):
        if request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, DataError | OverflowError):
            logger.warning("input out of the database's range on %s: %s", request.path, exception)
            return bad_request(request, out_of_range_message())
        return None


def out_of_range_message() -> str:
    return _("입력한 값이 너무 크거나 저장할 수 없는 형식입니다. 값을 확인해 주세요.")


def _is_form(request) -> bool:
    content_type = request.content_type or ""
    return content_type in ("application/x-www-form-urlencoded", "multipart/form-data")


def bad_request(request, message: str) -> HttpResponse:
    """The Korean 400 page."""
    return render(request, "core/bad_request.html", {"message": message}, status=400)
