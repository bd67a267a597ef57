from django.views.generic import TemplateView

from ieum.core.views import PermissionMixin


class HomeView(TemplateView):
    template_name = "organization/home.html"


class OverviewView(PermissionMixin, TemplateView):
    permission = "organization.view"
    template_name = "organization/overview.html"
