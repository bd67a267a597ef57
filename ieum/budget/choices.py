from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LineKind(models.TextChoices):
    """The levels of the budget tree, top to bottom."""

    ROOT = "root", _("총계")
    CATEGORY = "category", pgettext_lazy("budget level", "구분")
    BUSINESS_LINE = "business_line", _("사업")
    SUB_LINE = "sub_line", _("세부사업")


# The parent kind each kind must hang under.
PARENT_KIND = {
    LineKind.CATEGORY: LineKind.ROOT,
    LineKind.BUSINESS_LINE: LineKind.CATEGORY,
    LineKind.SUB_LINE: LineKind.BUSINESS_LINE,
}


class Category(models.TextChoices):
    """What a category node holds, for the rules (일반관리비 ≤ 2% of the other three).

    Kept as a key rather than read from the name each time: names vary ('총사업비', '사업비',
    '인 건 비') and may be renamed, the rule must not change with them.
    """

    PERSONNEL = "personnel", _("인건비")
    OPERATING = "operating", _("운영비")
    PROGRAM = "program", _("사업비")
    ADMINISTRATION = "administration", _("일반관리비")


class ExpenditureKind(models.TextChoices):
    SPENDING = "spending", _("지출")
    RETURN = "return", _("반납")
    REFUND = "refund", _("환입")


NEGATIVE_KINDS = (ExpenditureKind.RETURN, ExpenditureKind.REFUND)
