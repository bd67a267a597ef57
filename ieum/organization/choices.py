from django.db import models


class DepartmentKind(models.TextChoices):
    HEADQUARTERS = "headquarters", "본부"
    OFFICE = "office", "실"
