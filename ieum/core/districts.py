"""Seoul's 25 autonomous districts (자치구), in the order of the city's administrative codes."""

from django.db import models

DISTRICT_NAMES = (
    "종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구",
    "도봉구", "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구",
    "영등포구", "동작구", "관악구", "서초구", "강남구", "송파구", "강동구",
)  # fmt: skip


District = models.TextChoices("District", [(name, name) for name in DISTRICT_NAMES])

# The other provinces and metropolitan cities, as an address names them before its district:
# 부산 and 대구, 인천, 대전, 울산 have a 중구 too, and 부산 a 강서구.
_OTHER_REGIONS = frozenset(
    f"{stem}{suffix}"
    for stem, suffixes in {
        "부산": ("", "시", "광역시"),
        "대구": ("", "시", "광역시"),
        "인천": ("", "시", "광역시"),
        "광주": ("", "시", "광역시"),
        "대전": ("", "시", "광역시"),
        "울산": ("", "시", "광역시"),
        "세종": ("", "시", "특별자치시"),
        "경기": ("", "도"),
        "강원": ("", "도", "특별자치도"),
        "충북": ("",),
        "충청북도": ("",),
        "충남": ("",),
        "충청남도": ("",),
        "전북": ("", "특별자치도"),
        "전라북도": ("",),
        "전남": ("",),
        "전라남도": ("",),
        "경북": ("",),
        "경상북도": ("",),
        "경남": ("",),
        "경상남도": ("",),
        "제주": ("", "도", "특별자치도"),
    }.items()
    for suffix in suffixes
)


def normalize_district(text: str | None) -> str | None:
    """The Seoul district named by `text` ('강남구', '강남', '서울 강남구'), or None if none is.

    An address is read word by word so '서울특별시 중구 세종대로' gives 중구, while an address
    outside Seoul ('부산광역시 중구 중앙대로') gives None although 부산 has a 중구 too.
    """
    if not text:
        return None
    for word in str(text).replace(",", " ").split():
        if word in _OTHER_REGIONS:
            return None
        if word in DISTRICT_NAMES:
            return word
        if word + "구" in DISTRICT_NAMES and word != "중":
            return word + "구"
    stripped = str(text).strip()
    if stripped == "중":
        return "중구"
    return None
