"""Seoul's 25 autonomous districts (자치구), in the order of the city's administrative codes."""

from django.db import models

DISTRICT_NAMES = (
    "종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구",
    "도봉구", "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구",
    "영등포구", "동작구", "관악구", "서초구", "강남구", "송파구", "강동구",
)  # fmt: skip


District = models.TextChoices("District", [(name, name) for name in DISTRICT_NAMES])


def normalize_district(text: str | None) -> str | None:
    """The district named by `text` ('강남구', '강남', '서울 강남구'), or None if none is named.

    An address is read word by word so '서울특별시 중구 세종대로' gives 중구.
    """
    if not text:
        return None
    for word in str(text).replace(",", " ").split():
        if word in DISTRICT_NAMES:
            return word
        if word + "구" in DISTRICT_NAMES and word != "중":
            return word + "구"
    stripped = str(text).strip()
    if stripped == "중":
        return "중구"
    return None
