from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    HEADQUARTERS = "headquarters", _("본부")
    OFFICE = "office", _("실")
