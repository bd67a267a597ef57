"""The signed-in user's own pages: where to land after login, personal API tokens, which
notifications they receive, and the language switch that also remembers their choice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from ieum.core.choices import Language, Role
from ieum.core.notifications import disabled_kinds, kinds_for
from ieum.core.permissions import has_permission

from .models import ApiToken
from .security import ThrottledAuthenticationForm, remember_device
from .services import (
    api_token_create,
    api_token_revoke,
    notification_preferences_update,
    user_language_set,
)


@login_required
def after_login(request):
    """Staff go to the console, an enterprise member to their enterprise, others home."""
    user = request.user
    if has_permission(user, "console.view"):
        return redirect("core:console")
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return redirect("enterprises:enterprise-detail", pk=user.enterprise_id)
    return redirect("organization:home")


@login_required
def account(request):
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    # A new token is shown once, on the page the creation redirected to.
    new_token = request.session.pop("new_api_token", None)
    off = disabled_kinds(request.user)
    notification_kinds = [(kind, kind.key not in off) for kind in kinds_for(request.user)]
    return render(
        request,
        "accounts/account.html",
        {"tokens": tokens, "new_token": new_token, "notification_kinds": notification_kinds},
    )


@require_POST
@login_required
def notification_preferences(request):
    """The ticked kinds are received; the other kinds the person's role gets are turned off."""
    shown = {kind.key for kind in kinds_for(request.user)}
    ticked = set(request.POST.getlist("kinds"))
    # Kinds not on the person's page keep their setting.
    kept = disabled_kinds(request.user) - shown
    notification_preferences_update(user=request.user, disabled_kinds=(shown - ticked) | kept)
    messages.success(request, _("알림 설정을 저장했습니다."))
    return redirect("accounts:account")


def set_language(request):
    """Django's language switch (the cookie LocaleMiddleware reads), which also stores a
    signed-in person's choice on their account, so their e-mail is written in it."""
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER)
    if request.method == "POST" and request.user.is_authenticated and language in Language.values:
        user_language_set(user=request.user, language=language)
    return response


@require_POST
@login_required
def token_create(request):
    name = request.POST.get("name", "").strip()[:100]
    _token, raw = api_token_create(user=request.user, name=name)
    request.session["new_api_token"] = raw
    return redirect("accounts:account")


@require_POST
@login_required
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    api_token_revoke(token=token, user=request.user)
    messages.success(request, _("토큰을 폐기했습니다."))
    return redirect("accounts:account")


class ThrottledLoginView(LoginView):
    """Django's login page with the per-username delay (accounts.security): an attempt inside
    the wait is answered 429 with Retry-After and the seconds in Korean on the form; a sign-in
    marks the browser as known for the account, which then skips the delay."""

    authentication_form = ThrottledAuthenticationForm

    def form_valid(self, form):
        response = super().form_valid(form)
        remember_device(response, form.get_user().get_username())
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response
