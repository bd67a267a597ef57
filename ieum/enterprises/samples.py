"""Plausible sample enterprises for the demo and the benchmarks, the same ones for a given seed.

Every sample is fictional and flagged `is_sample`. The stream is built so that any 25
consecutive samples cover Seoul's 25 districts and any block of the path deck covers every
EnterpriseKind, so a small demo already shows every district and every kind. Registration
numbers pass their check digits; the shapes follow the real ones (a tax office prefix and a
corporation code 81/82/86/87 in the middle of a brn, a registry office and corporation kind in
a crn) but nothing here is meant to be anyone's actual number.
"""

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from django.db import transaction

from ieum.core.districts import DISTRICT_NAMES
from ieum.core.idnumbers import brn_check_digit, crn_check_digit

from .choices import EnterpriseKind as Kind
from .choices import SocialPurpose
from .models import Certification, Contact, Enterprise
from .services import enterprise_reindex

# The seed report describes 2022: no sample is founded or certified after it.
LAST_DAY = dt.date(2022, 12, 31)
FIRST_FOUNDING = dt.date(2008, 1, 1)
PRE_TERM_YEARS = 3  # a pre-certification (예비사회적기업) lapses after three years


@dataclass(frozen=True)
class _Industry:
    name: str
    words: tuple[str, ...]
    descriptions: tuple[str, ...]
    service_field: str
    employee_scale: float = 1.0


INDUSTRIES = (
    _Industry(
        "돌봄·복지",
        ("케어", "돌봄", "나눔", "복지", "실버", "재가"),
        (
            "어르신 방문요양과 주야간보호 서비스를 제공합니다.",
            "장애인 활동지원 서비스와 돌봄 인력 양성 교육을 운영합니다.",
            "산모·신생아 건강관리와 가사 돌봄 서비스를 제공합니다.",
            "홀몸 어르신 안부 확인과 생활 지원 서비스를 운영합니다.",
        ),
        "사회복지",
        2.5,
    ),
    _Industry(
        "식품·외식",
        ("밥상", "도시락", "식탁", "베이커리", "반찬", "키친", "푸드"),
        (
            "지역 농산물로 만든 도시락과 단체 급식을 공급합니다.",
            "우리밀 빵과 쿠키를 만들어 카페와 온라인몰에서 판매합니다.",
            "어르신 반찬 배달과 공유주방 기반의 밀키트를 생산합니다.",
            "친환경 식재료로 행사 케이터링과 다과를 제공합니다.",
        ),
        "기타",
    ),
    _Industry(
        "교육",
        ("배움터", "교육", "에듀", "학교", "공부방", "러닝"),
        (
            "청소년 진로 탐색과 코딩 교육 프로그램을 운영합니다.",
            "방과후 돌봄교실과 마을 학습 공동체를 운영합니다.",
            "발달장애 청년을 위한 직업 훈련 과정을 운영합니다.",
            "시민을 대상으로 협동조합과 사회적경제 교육을 기획합니다.",
        ),
        "교육",
    ),
    _Industry(
        "문화·예술",
        ("공방", "극단", "문화", "아트", "예술", "스튜디오"),
        (
            "지역 주민과 함께 만드는 공연과 마을 축제를 기획합니다.",
            "청년 예술가의 전시와 공예 체험 프로그램을 운영합니다.",
            "마을 극단을 운영하며 어린이 연극 교육을 합니다.",
            "전통 공예품을 제작하고 공예 체험 교실을 엽니다.",
        ),
        "문화·예술·관광·운동",
    ),
    _Industry(
        "환경·재활용",
        ("자원순환", "업사이클", "리사이클", "에코", "그린", "되살림"),
        (
            "폐현수막과 커피 자루를 업사이클링해 가방과 소품을 만듭니다.",
            "다회용기 대여·세척 서비스로 일회용품 사용을 줄입니다.",
            "중고 가전과 가구를 수거·수리해 다시 판매합니다.",
            "샴푸바, 대나무 칫솔 같은 제로웨이스트 생활용품을 판매합니다.",
        ),
        "환경",
    ),
    _Industry(
        "제조",
        ("공작소", "제작소", "메이커스", "봉제", "목공", "공방"),
        (
            "친환경 원단으로 에코백과 작업복을 봉제합니다.",
            "원목 가구와 학교 교구를 제작합니다.",
            "장애인 노동자가 수제 비누와 생활용품을 생산합니다.",
            "소량 맞춤형 금속·목공 시제품을 만듭니다.",
        ),
        "고용",
        1.5,
    ),
    _Industry(
        "청소·방역",
        ("클린", "청소", "방역", "위생", "환경"),
        (
            "공공기관 건물 청소와 시설 관리 용역을 수행합니다.",
            "취약계층 주거지 방역과 소독 서비스를 제공합니다.",
            "학교와 어린이집의 실내 공기질 관리와 방역을 합니다.",
        ),
        "환경",
        2.0,
    ),
    _Industry(
        "인쇄·디자인",
        ("디자인", "인쇄", "프린팅", "스튜디오", "커뮤니케이션"),
        (
            "공공기관 홍보물과 책자를 디자인하고 인쇄합니다.",
            "콩기름 잉크로 리플릿과 현수막을 친환경 인쇄합니다.",
            "사회적경제기업의 브랜드 디자인과 포장재 제작을 돕습니다.",
        ),
        "기타",
    ),
    _Industry(
        "도시농업",
        ("농장", "텃밭", "팜", "파머스", "농부", "정원"),
        (
            "옥상 텃밭과 도시농업 체험 프로그램을 운영합니다.",
            "스마트팜에서 새싹채소를 길러 학교 급식에 공급합니다.",
            "반려식물 키트를 만들고 마을 정원을 가꿉니다.",
        ),
        "환경",
    ),
    _Industry(
        "IT·미디어",
        ("미디어", "랩", "소프트", "테크", "데이터", "웍스"),
        (
            "지역 소식을 전하는 마을 미디어와 영상 콘텐츠를 제작합니다.",
            "비영리단체를 위한 홈페이지와 업무용 앱을 개발합니다.",
            "웹 접근성 진단과 개선 서비스를 제공합니다.",
            "어르신 디지털 교육과 키오스크 체험 교실을 운영합니다.",
        ),
        "기타",
    ),
    _Industry(
        "관광·숙박",
        ("여행", "트래블", "투어", "스테이", "나들이"),
        (
            "서울 골목길 공정여행 프로그램을 기획·운영합니다.",
            "장애인과 어르신을 위한 무장애 여행 상품을 운영합니다.",
            "한옥 게스트하우스를 운영하며 지역 문화 체험을 연계합니다.",
        ),
        "문화·예술·관광·운동",
    ),
    _Industry(
        "주거·건축",
        ("집수리", "하우징", "건축", "주거", "리모델링", "주택"),
        (
            "저소득 가구의 집수리와 에너지 효율 개선 공사를 합니다.",
            "청년과 1인 가구를 위한 공유주택을 운영합니다.",
            "노후 주택 단열·창호 개선과 주거 환경 상담을 제공합니다.",
        ),
        "지역사회개발",
        1.5,
    ),
    _Industry(
        "보건·의료",
        ("건강", "의료", "헬스", "마음", "한의원"),
        (
            "조합원 주치의 제도와 건강검진, 방문진료를 운영합니다.",
            "지역 주민의 마음건강 상담과 심리 지원 프로그램을 운영합니다.",
            "어르신 운동 교실과 만성질환 관리 프로그램을 운영합니다.",
        ),
        "보건",
        2.0,
    ),
    _Industry(
        "유통·공정무역",
        ("공정무역", "상회", "마켓", "상점", "가게"),
        (
            "공정무역 커피와 초콜릿을 수입해 판매합니다.",
            "사회적경제기업 제품을 모아 온라인 편집숍을 운영합니다.",
            "지역 소상공인과 함께 동네 장터를 엽니다.",
        ),
        "기타",
    ),
)
_INDUSTRY_BY_NAME = {industry.name: industry for industry in INDUSTRIES}

_PREFIXES = (
    "햇살", "푸른숲", "다온", "우리동네", "희망", "늘봄", "한울", "소나무", "들꽃", "새싹",
    "온새미로", "가온", "누리", "해밀", "도담", "라온", "별빛", "무지개", "함께", "더불어",
    "여울", "단비", "아름", "은빛", "초록", "풀잎", "보람", "다솜", "미리내", "한빛",
    "꿈틀", "두레", "품앗이", "살림", "모두의", "동행", "상생", "사람과", "씨앗", "열매",
    "징검다리", "마을", "나눔", "바람", "하늘", "이웃", "마중물", "고운", "한결", "너나들이",
)  # fmt: skip

# Streets and neighbourhoods (동) of each district, for addresses and village enterprise names.
_STREETS = {
    "종로구": ("종로", "율곡로", "대학로", "자하문로", "창경궁로"),
    "중구": ("세종대로", "을지로", "퇴계로", "다산로", "청계천로"),
    "용산구": ("한강대로", "이태원로", "원효로", "후암로"),
    "성동구": ("왕십리로", "성수이로", "뚝섬로", "마조로"),
    "광진구": ("능동로", "자양로", "광나루로", "구의강변로"),
    "동대문구": ("왕산로", "답십리로", "회기로", "장한로"),
    "중랑구": ("망우로", "동일로", "봉화산로", "면목로"),
    "성북구": ("보문로", "동소문로", "정릉로", "화랑로"),
    "강북구": ("도봉로", "삼양로", "솔매로", "한천로"),
    "도봉구": ("방학로", "마들로", "해등로", "도당로"),
    "노원구": ("노원로", "상계로", "공릉로", "동일로"),
    "은평구": ("통일로", "연서로", "은평로", "진관2로"),
    "서대문구": ("연희로", "신촌로", "연세로", "가좌로"),
    "마포구": ("월드컵로", "양화로", "마포대로", "독막로", "성미산로"),
    "양천구": ("목동로", "오목로", "신월로", "곰달래로"),
    "강서구": ("공항대로", "강서로", "화곡로", "양천로"),
    "구로구": ("디지털로", "구로중앙로", "경인로", "개봉로"),
    "금천구": ("가산디지털1로", "시흥대로", "독산로", "벚꽃로"),
    "영등포구": ("영중로", "국회대로", "당산로", "도림로"),
    "동작구": ("상도로", "노량진로", "사당로", "장승배기로"),
    "관악구": ("관악로", "봉천로", "신림로", "난곡로"),
    "서초구": ("서초대로", "반포대로", "방배로", "바우뫼로"),
    "강남구": ("테헤란로", "언주로", "봉은사로", "개포로"),
    "송파구": ("송파대로", "오금로", "중대로", "백제고분로"),
    "강동구": ("천호대로", "성내로", "고덕로", "상암로"),
}
_NEIGHBOURHOODS = {
    "종로구": ("부암", "창신", "이화"),
    "중구": ("신당", "중림", "필동"),
    "용산구": ("후암", "효창", "보광"),
    "성동구": ("성수", "금호", "마장"),
    "광진구": ("자양", "구의", "화양"),
    "동대문구": ("회기", "장안", "제기"),
    "중랑구": ("면목", "망우", "묵동"),
    "성북구": ("정릉", "장위", "석관"),
    "강북구": ("수유", "번동", "미아"),
    "도봉구": ("방학", "창동", "쌍문"),
    "노원구": ("상계", "공릉", "월계"),
    "은평구": ("불광", "녹번", "응암"),
    "서대문구": ("연희", "홍제", "북아현"),
    "마포구": ("망원", "성산", "연남"),
    "양천구": ("신월", "목동", "신정"),
    "강서구": ("화곡", "가양", "방화"),
    "구로구": ("개봉", "고척", "오류"),
    "금천구": ("독산", "시흥", "가산"),
    "영등포구": ("문래", "대림", "신길"),
    "동작구": ("상도", "흑석", "사당"),
    "관악구": ("신림", "봉천", "난곡"),
    "서초구": ("방배", "양재", "내곡"),
    "강남구": ("개포", "일원", "수서"),
    "송파구": ("가락", "거여", "마천"),
    "강동구": ("천호", "암사", "고덕"),
}
# Three-digit tax office prefixes in the range Seoul's offices use, one per district.
_TAX_OFFICES = dict(
    zip(
        DISTRICT_NAMES,
        (101, 104, 106, 206, 227, 204, 223, 209, 217, 210, 229, 147, 110, 105, 117, 109, 113,
         119, 107, 108, 145, 114, 120, 215, 212),
        strict=True,
    )
)  # fmt: skip
_REGISTRY_OFFICES = ("1101", "1144", "1146", "1147", "1149", "1150", "1151", "1153", "1155")


@dataclass(frozen=True)
class _LegalForm:
    """How an enterprise is incorporated: its name patterns, brn middle digits and crn kind."""

    name_patterns: tuple[str, ...]
    brn_middles: tuple[int, ...]
    crn_kind: str  # "" for a sole proprietor, who has no crn


_LEGAL_FORMS = {
    "stock": _LegalForm(
        ("주식회사 {}", "(주){}", "{} 주식회사", "주식회사 {}"), (81, 86, 87, 86), "11"
    ),
    "limited": _LegalForm(("{} 유한회사", "(유){}"), (81, 86, 87), "14"),
    "cooperative": _LegalForm(("{} 협동조합",), (86, 87, 81), "71"),
    "social_cooperative": _LegalForm(("{} 사회적협동조합",), (82,), "72"),
    "association": _LegalForm(("(사){}", "사단법인 {}"), (82,), "21"),
    "sole": _LegalForm(("{}",), tuple(range(1, 80)), ""),
}


@dataclass(frozen=True)
class _Path:
    """A common career: the legal forms it starts from, the kinds in the order they were
    obtained, and the industries it is most often found in."""

    weight: int
    legal_forms: tuple[str, ...]
    kinds: tuple[str, ...]
    industries: tuple[str, ...] = ()


_PATHS = (
    _Path(8, ("cooperative",), (Kind.COOPERATIVE,)),
    _Path(2, ("cooperative",), (Kind.COOPERATIVE, Kind.PRE_REGIONAL, Kind.SOCIAL_ENTERPRISE)),
    _Path(
        3, ("social_cooperative",), (Kind.SOCIAL_COOPERATIVE,), ("돌봄·복지", "보건·의료", "교육")
    ),
    _Path(1, ("social_cooperative",), (Kind.SOCIAL_COOPERATIVE, Kind.SOCIAL_ENTERPRISE)),
    _Path(
        4,
        ("stock", "stock", "association", "cooperative"),
        (Kind.PRE_REGIONAL, Kind.SOCIAL_ENTERPRISE),
    ),
    _Path(2, ("stock", "limited"), (Kind.PRE_MINISTRY, Kind.SOCIAL_ENTERPRISE)),
    _Path(3, ("stock", "cooperative", "association"), (Kind.PRE_REGIONAL,)),
    _Path(2, ("stock", "limited"), (Kind.PRE_MINISTRY,)),
    _Path(3, ("stock", "association", "limited"), (Kind.SOCIAL_ENTERPRISE,)),
    _Path(2, ("cooperative", "stock"), (Kind.VILLAGE,), ("식품·외식", "도시농업", "문화·예술")),
    _Path(1, ("cooperative", "stock"), (Kind.VILLAGE, Kind.VILLAGE), ("식품·외식", "관광·숙박")),
    _Path(1, ("cooperative",), (Kind.VILLAGE, Kind.PRE_REGIONAL), ("식품·외식", "환경·재활용")),
    _Path(
        2,
        ("sole", "cooperative", "stock"),
        (Kind.SELF_SUFFICIENCY,),
        ("청소·방역", "주거·건축", "돌봄·복지"),
    ),
    _Path(
        1,
        ("stock", "cooperative"),
        (Kind.SELF_SUFFICIENCY, Kind.SOCIAL_ENTERPRISE),
        ("청소·방역", "환경·재활용"),
    ),
    _Path(2, ("stock",), (Kind.SOCIAL_VENTURE,), ("IT·미디어", "제조", "환경·재활용")),
    _Path(1, ("stock",), (Kind.SOCIAL_VENTURE, Kind.PRE_MINISTRY), ("IT·미디어", "환경·재활용")),
    _Path(1, ("association", "stock"), (Kind.OTHER,)),
)
# Days between founding and the first kind, and between one kind and the next.
_FIRST_GAP_DAYS = (30, 720)
_NEXT_GAP_DAYS = (365, 1000)

# The Framework Act on Cooperatives took effect on 2012-12-01; the village enterprise programme
# began in 2011 and social venture screening in 2019. The span left after these dates still
# fits every path before LAST_DAY.
_INTRODUCED_ON = {
    Kind.COOPERATIVE: dt.date(2012, 12, 1),
    Kind.SOCIAL_COOPERATIVE: dt.date(2012, 12, 1),
    Kind.VILLAGE: dt.date(2011, 1, 1),
    Kind.SOCIAL_VENTURE: dt.date(2019, 1, 1),
}
_PRE_KINDS = (Kind.PRE_REGIONAL, Kind.PRE_MINISTRY)
_SOCIAL_ENTERPRISE_KINDS = (Kind.SOCIAL_ENTERPRISE, *_PRE_KINDS)
_MINISTRIES = (
    ("문화체육관광부", "문체"),
    ("환경부", "환경"),
    ("산림청", "산림"),
    ("농림축산식품부", "농식품"),
    ("국토교통부", "국토"),
    ("과학기술정보통신부", "과기"),
)
_PURPOSE_WEIGHTS = {
    SocialPurpose.JOBS: 55,
    SocialPurpose.SOCIAL_SERVICE: 12,
    SocialPurpose.COMMUNITY: 13,
    SocialPurpose.MIXED: 10,
    SocialPurpose.OTHER: 10,
}
_SURNAMES = (
    ("김", 21), ("이", 15), ("박", 8), ("최", 5), ("정", 5), ("강", 2), ("조", 2), ("윤", 2),
    ("장", 2), ("임", 2), ("한", 1), ("오", 1), ("서", 1), ("신", 1), ("권", 1), ("황", 1),
    ("안", 1), ("송", 1), ("류", 1), ("전", 1), ("홍", 1), ("문", 1), ("양", 1), ("배", 1),
)  # fmt: skip
_GIVEN_FIRST = "민서지현수영은정혜유준성동하재경미선진태승예주다소"
_GIVEN_SECOND = "수진연희호우민아윤영훈경숙철빈원서현준림은비"
_CONTACT_ROLES = ("사무국장", "팀장", "매니저", "대표", "실장", "과장", "주임")
_EMAIL_USERS = ("contact", "info", "hello", "office", "coop")


def sample_enterprises(count: int, *, seed: int = 2022) -> Iterator[dict]:
    """The first `count` samples of the stream for `seed`: Enterprise fields plus
    `certifications` (kind, number, certified_on, round, ended_on) and `contact` (or None).

    A sample depends only on the seed and its position, never on `count`.
    """
    return islice(_SampleStream(seed), count)


Card = TypeVar("Card")


class _SampleStream:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.brns: set[str] = set()
        self.crns: set[str] = set()
        self.names: set[str] = set()
        self.numbers: dict[tuple[str, int], int] = {}
        self.districts: list[str] = []
        self.paths: list[_Path] = []

    def __iter__(self) -> Iterator[dict]:
        while True:
            yield self._sample()

    def _deal(self, deck: list[Card], cards: Iterable[Card]) -> Card:
        """The next card; a used-up deck is refilled and shuffled, so every card of the deck
        appears once in each round of it."""
        if not deck:
            deck.extend(cards)
            self.rng.shuffle(deck)
        return deck.pop()

    def _sample(self) -> dict:
        rng = self.rng
        district = self._deal(self.districts, DISTRICT_NAMES)
        path = self._deal(self.paths, [p for p in _PATHS for _ in range(p.weight)])
        legal = rng.choice(path.legal_forms)
        if path.industries and rng.random() < 0.7:
            industry = _INDUSTRY_BY_NAME[rng.choice(path.industries)]
        else:
            industry = rng.choice(INDUSTRIES)
        kinds = list(path.kinds)
        # Incorporating as a cooperative is itself a kind the registry records.
        if legal in ("cooperative", "social_cooperative") and kinds[0] != legal:
            kinds.insert(0, Kind(legal))
        founded_on, certifications = self._certifications(kinds)
        # 사회적목적실현유형 is given by a (pre-)certification as a social enterprise.
        is_certified = any(c["kind"] in _SOCIAL_ENTERPRISE_KINDS for c in certifications)
        name, brand = self._name(legal, industry, district, village=Kind.VILLAGE in kinds)
        slug = _romanize(brand)
        # Certified social enterprises must employ people; they tend to be the larger ones.
        scale = industry.employee_scale * (2 if is_certified else 1)
        employees = max(1, min(250, round(rng.lognormvariate(1.8, 0.8) * scale)))
        return {
            "name": name,
            "brn": self._brn(district, legal),
            "crn": self._crn(legal) if legal != "sole" and rng.random() < 0.75 else "",
            "representative": self._person(),
            "address": self._address(district),
            "district": district,
            "industry": industry.name,
            "business_description": rng.choice(industry.descriptions),
            "social_purpose": (
                rng.choices(list(_PURPOSE_WEIGHTS), weights=list(_PURPOSE_WEIGHTS.values()))[0]
                if is_certified
                else ""
            ),
            "social_service_field": industry.service_field,
            "employees": employees,
            "founded_on": founded_on,
            "homepage": f"https://{slug}.example.com" if rng.random() < 0.35 else "",
            "certifications": certifications,
            "contact": self._contact(slug) if rng.random() < 0.6 else None,
        }

    def _name(
        self, legal: str, industry: _Industry, district: str, *, village: bool
    ) -> tuple[str, str]:
        """(name, brand): '햇살나눔 협동조합', '(주)다온케어', '망원밥상 마을기업' …"""
        rng = self.rng
        for attempt in range(20):
            word = rng.choice(industry.words)
            # A village enterprise often carries its neighbourhood's name.
            if village and rng.random() < 0.5:
                prefix = rng.choice(_NEIGHBOURHOODS[district])
            else:
                prefix = rng.choice(_PREFIXES)
            brand = f"{prefix}{word}" if len(prefix) + len(word) <= 5 else f"{prefix} {word}"
            # A name already taken gets its neighbourhood in front, as real namesakes do.
            if attempt >= 2:
                brand = f"{rng.choice(_NEIGHBOURHOODS[district])} {brand}"
            if village and rng.random() < 0.3:
                name = f"{brand} 마을기업"
            else:
                name = rng.choice(_LEGAL_FORMS[legal].name_patterns).format(brand)
            if name not in self.names:
                break
        self.names.add(name)
        return name, brand

    def _certifications(self, kinds: list[str]) -> tuple[dt.date, list[dict]]:
        rng = self.rng
        # A cooperative exists from its registration, so it is founded under the Act.
        registered = kinds[0] in (Kind.COOPERATIVE, Kind.SOCIAL_COOPERATIVE)
        span = (0 if registered else _FIRST_GAP_DAYS[1]) + _NEXT_GAP_DAYS[1] * (len(kinds) - 1)
        earliest = _INTRODUCED_ON[kinds[0]] if registered else FIRST_FOUNDING
        latest = LAST_DAY - dt.timedelta(days=span)
        founded_on = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
        certifications: list[dict] = []
        day = founded_on
        for position, kind in enumerate(kinds):
            if position:
                day += dt.timedelta(days=rng.randint(*_NEXT_GAP_DAYS))
            elif not registered:
                day += dt.timedelta(days=rng.randint(*_FIRST_GAP_DAYS))
            # Nobody holds a kind before the law or programme that created it.
            if kind in _INTRODUCED_ON and day < _INTRODUCED_ON[kind]:
                day = _INTRODUCED_ON[kind] + dt.timedelta(days=rng.randint(0, 365))
            certifications.append(self._certification(kind, day, certifications))
        # A pre-certification ends the day before the certification it led to, or lapses.
        for this, following in zip(certifications, [*certifications[1:], None], strict=True):
            if this["kind"] not in _PRE_KINDS:
                continue
            if following is not None and following["kind"] == Kind.SOCIAL_ENTERPRISE:
                this["ended_on"] = following["certified_on"] - dt.timedelta(days=1)
            else:
                lapse = _years_later(this["certified_on"], PRE_TERM_YEARS) - dt.timedelta(days=1)
                this["ended_on"] = lapse if lapse <= LAST_DAY else None
        return founded_on, certifications

    def _certification(self, kind: str, day: dt.date, earlier: list[dict]) -> dict:
        number = round_ = ""
        year = day.year
        if kind == Kind.SOCIAL_ENTERPRISE:
            number = f"{year}-{self._next_number(kind, year):03d}"
            round_ = f"{year}년 제{(day.month - 1) // 3 + 1}차"
        elif kind == Kind.PRE_REGIONAL:
            number = f"서울-{year}-{self._next_number(kind, year):03d}"
            round_ = f"{year}년 서울형 {1 if day.month <= 6 else 2}차"
        elif kind == Kind.PRE_MINISTRY:
            ministry, short = self.rng.choice(_MINISTRIES)
            number = f"{short}-{year}-{self._next_number(kind, year):03d}"
            round_ = f"{year}년 {ministry}"
        elif kind == Kind.VILLAGE:
            again = any(c["kind"] == Kind.VILLAGE for c in earlier)
            round_ = f"{year}년 {'재지정' if again else '신규 지정'}"
        return {
            "kind": kind,
            "number": number,
            "certified_on": day,
            "round": round_,
            "ended_on": None,
        }

    def _next_number(self, kind: str, year: int) -> int:
        key = (kind, year)
        # Numbering starts where earlier (non-sample) holders of that year would have left it.
        self.numbers.setdefault(key, self.rng.randint(0, 200))
        self.numbers[key] += self.rng.randint(1, 3)
        return self.numbers[key]

    def _brn(self, district: str, legal: str) -> str:
        rng = self.rng
        while True:
            middle = rng.choice(_LEGAL_FORMS[legal].brn_middles)
            first_nine = f"{_TAX_OFFICES[district]:03d}{middle:02d}{rng.randint(0, 9999):04d}"
            brn = first_nine + str(brn_check_digit(first_nine))
            if brn not in self.brns:
                self.brns.add(brn)
                return brn

    def _crn(self, legal: str) -> str:
        rng = self.rng
        while True:
            office = rng.choice(_REGISTRY_OFFICES)
            first_twelve = f"{office}{_LEGAL_FORMS[legal].crn_kind}{rng.randint(0, 999999):06d}"
            crn = first_twelve + str(crn_check_digit(first_twelve))
            if crn not in self.crns:
                self.crns.add(crn)
                return crn

    def _person(self) -> str:
        rng = self.rng
        surname = rng.choices([s for s, _ in _SURNAMES], weights=[w for _, w in _SURNAMES])[0]
        return surname + rng.choice(_GIVEN_FIRST) + rng.choice(_GIVEN_SECOND)

    def _address(self, district: str) -> str:
        rng = self.rng
        street = rng.choice(_STREETS[district])
        if rng.random() < 0.35:
            street += f"{rng.randint(1, 40)}길"
            number = str(rng.randint(1, 60))
        else:
            number = str(rng.randint(1, 700))
        address = f"서울특별시 {district} {street} {number}"
        if rng.random() < 0.7:
            floor = rng.choices((1, 2, 3, 4, 5, 6, 7, 8), weights=(6, 5, 4, 3, 2, 1, 1, 1))[0]
            address += f", {floor}층"
            if rng.random() < 0.4:
                address += f" {floor}{rng.randint(1, 12):02d}호"
        return address

    def _contact(self, slug: str) -> dict:
        rng = self.rng
        return {
            "name": self._person(),
            "role": rng.choice(_CONTACT_ROLES),
            "phone": f"02-{rng.randint(2000, 9999)}-{rng.randint(0, 9999):04d}",
            "email": f"{rng.choice(_EMAIL_USERS)}@{slug}.example.com",
        }


# Revised Romanization, syllable by syllable (no sound changes across syllables): enough for
# a readable host name such as haetsalnanum.example.com.
_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
             "k", "t", "p", "h")  # fmt: skip
_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
            "wo", "we", "wi", "yu", "eu", "ui", "i")  # fmt: skip
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
           "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip


def _years_later(day: dt.date, years: int) -> dt.date:
    if day.month == 2 and day.day == 29:
        day = day.replace(day=28)
    return day.replace(year=day.year + years)


def _romanize(text: str) -> str:
    letters = []
    for char in text:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            letters.append(_INITIALS[code // 588] + _MEDIALS[code % 588 // 28] + _FINALS[code % 28])
    return "".join(letters) or "sample"


def _existing(field: str, values: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), 900):
        chunk = values[start : start + 900]
        found.update(
            Enterprise.objects.filter(**{f"{field}__in": chunk}).values_list(field, flat=True)
        )
    return found


@transaction.atomic
def create_sample_enterprises(count: int, *, seed: int = 2022, start: int = 0) -> list[int]:
    """Register samples `start` … `start + count - 1` of the stream, flagged `is_sample`, with
    their certifications and contacts, and index them for search. A sample whose brn is
    already registered is skipped, so running it again creates nothing. Returns the new ids."""
    samples = list(islice(sample_enterprises(start + count, seed=seed), start, None))
    taken_brns = _existing("brn", [s["brn"] for s in samples])
    taken_crns = _existing("crn", [s["crn"] for s in samples if s["crn"]])
    samples = [s for s in samples if s["brn"] not in taken_brns]
    enterprises = []
    for sample in samples:
        fields = {k: v for k, v in sample.items() if k not in ("certifications", "contact")}
        if fields["crn"] in taken_crns:
            fields["crn"] = ""
        enterprises.append(Enterprise(is_sample=True, **fields))
    Enterprise.objects.bulk_create(enterprises, batch_size=500)
    certifications = []
    contacts = []
    for enterprise, sample in zip(enterprises, samples, strict=True):
        certifications.extend(
            Certification(enterprise=enterprise, **certification)
            for certification in sample["certifications"]
        )
        if sample["contact"]:
            contacts.append(Contact(enterprise=enterprise, **sample["contact"]))
    Certification.objects.bulk_create(certifications, batch_size=500)
    Contact.objects.bulk_create(contacts, batch_size=500)
    ids = [enterprise.pk for enterprise in enterprises]
    enterprise_reindex(ids)
    return ids
