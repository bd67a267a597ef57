"""The staff console home and the permission mixin every staff page uses."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from ieum.accounts.permissions import require_permission

from .cards import console_cards


class PermissionMixin(LoginRequiredMixin):
    """Sign-in first, then the one permission table (ieum.accounts.permissions)."""

    permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_permission(request.user, self.permission)
        return super().dispatch(request, *args, **kwargs)


class ConsoleView(PermissionMixin, TemplateView):
    permission = "console.view"
    template_name = "core/console.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cards": console_cards(self.request.user)}
