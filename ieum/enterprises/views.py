from django.views.generic import TemplateView

from ieum.core.views import PermissionMixin


class EnterpriseListView(PermissionMixin, TemplateView):
    permission = "enterprises.view"
    template_name = "enterprises/enterprise_list.html"


class EnterpriseDetailView(TemplateView):
    template_name = "enterprises/enterprise_detail.html"
