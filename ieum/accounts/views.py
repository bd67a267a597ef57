"""The signed-in user's own pages: where to land after login, and personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .choices import Role
from .models import ApiToken
from .permissions import has_permission
from .services import api_token_create, api_token_revoke


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
    return render(request, "accounts/account.html", {"tokens": tokens, "new_token": new_token})


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
    api_token_revoke(token=token)
    messages.success(request, _("토큰을 폐기했습니다."))
    return redirect("accounts:account")
