"""The budget import page lists the columns the importer requires, and 사업명 as optional."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_budget_import_page_lists_the_required_columns(staff_client):
    page = staff_client.get(reverse("budget:budget-import")).content.decode()
    required, optional = page.split("필요한 열", 1)[1].split("</p>", 1)[0].split("선택", 1)
    assert required.count("<code>") == 4
    for name in ("코드", "상위코드", "구분", "예산액"):
        assert f"<code>{name}</code>" in required
    assert optional.count("<code>") == 1
    assert "<code>사업명</code>" in optional
