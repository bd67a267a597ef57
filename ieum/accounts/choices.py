from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "센터 직원"
    ENTERPRISE = "enterprise", "기업 회원"
    BUYER = "buyer", "공공구매 담당자"
    CITIZEN = "citizen", "시민"
    ADMIN = "admin", "시스템 관리자"
