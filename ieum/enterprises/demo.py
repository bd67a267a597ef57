"""Demo data of the registry: labelled sample enterprises, public institutions, and a few
support records from the center's 2022 programmes so an enterprise's timeline is not empty."""

import datetime as dt

from .choices import EnterpriseKind, InstitutionKind
from .models import Enterprise, Institution, SupportRecord
from .samples import create_sample_enterprises, sample_enterprises

DEMO_SAMPLES = 700

INSTITUTIONS = (
    ("서울특별시청", InstitutionKind.CITY, "중구"),
    ("은평구청", InstitutionKind.DISTRICT, "은평구"),
    ("마포구청", InstitutionKind.DISTRICT, "마포구"),
    ("성북구청", InstitutionKind.DISTRICT, "성북구"),
    ("구로구청", InstitutionKind.DISTRICT, "구로구"),
    ("송파구청", InstitutionKind.DISTRICT, "송파구"),
    ("서울시설공단", InstitutionKind.PUBLIC_CORPORATION, "성동구"),
    ("서울교통공사", InstitutionKind.PUBLIC_CORPORATION, "성동구"),
    ("서울주택도시공사", InstitutionKind.PUBLIC_CORPORATION, "강남구"),
    ("서울특별시교육청", InstitutionKind.EDUCATION, "종로구"),
    ("행정안전부", InstitutionKind.CENTRAL, ""),
    ("서울의료원", InstitutionKind.OTHER, "중랑구"),
    ("서울신용보증재단", InstitutionKind.OTHER, "마포구"),
)

# (whose: the enterprise's rank among the demo samples by brn, or the first of them holding a
# kind; date, source app, category, title, amount in won). Rank 0 is the first sample by brn,
# which the demo member login belongs to, so signing in as it shows a timeline.
SUPPORT_RECORDS = (
    (0, dt.date(2022, 3, 2), "spaces", "입주 지원", "개봉 비대면 산업 클러스터 입주", None),
    (0, dt.date(2022, 7, 20), "programs", "컨설팅", "마케팅 역량강화 컨설팅 (브랜딩)", 2_500_000),
    (0, dt.date(2022, 9, 15), "spaces", "컨설팅", "개봉 클러스터 입주기업 특화 컨설팅", 3_000_000),
    (0, dt.date(2022, 11, 15), "svi", "사회가치지표", "서울형 사회가치지표(S-SVI) 측정 지원", None),
    (
        1,
        dt.date(2022, 4, 1),
        "spaces",
        "입주 지원",
        "가락 먹거리 융합클러스터 공유주방 활용 협약",
        None,
    ),
    (1, dt.date(2022, 10, 6), "programs", "기획전", "유통채널 기획전 참여 (11번가)", None),
    (2, dt.date(2022, 8, 1), "mall", "공공판로", "함께누리 추석 기획전 참여", None),
    (2, dt.date(2022, 6, 10), "mall", "컨설팅", "공공판로 경쟁력 강화 컨설팅", 2_000_000),
    (
        EnterpriseKind.VILLAGE,
        dt.date(2022, 8, 25),
        "village",
        "컨설팅",
        "마을기업 비즈니스 역량강화 컨설팅",
        1_500_000,
    ),
    (
        4,
        dt.date(2022, 10, 20),
        "svi",
        "컨설팅",
        "가치기반 역량강화 컨설팅 (IR보고서 작성)",
        4_000_000,
    ),
    (5, dt.date(2022, 5, 18), "education", "교육", "현장수요 맞춤형 교육 수료", None),
    (6, dt.date(2022, 11, 7), "programs", "기획전", "유통채널 기획전 참여 (와디즈)", None),
)


def load(stdout) -> None:
    created = _ensure_samples()
    institutions = 0
    for name, kind, district in INSTITUTIONS:
        _, is_new = Institution.objects.update_or_create(
            name=name, defaults={"kind": kind, "district": district}
        )
        institutions += is_new
    demo = sorted(sample_enterprises(DEMO_SAMPLES), key=lambda sample: sample["brn"])
    first_holder = {}
    for sample in demo:
        for certification in sample["certifications"]:
            first_holder.setdefault(certification["kind"], sample["brn"])
    records = 0
    for whose, occurred_on, source, category, title, amount_won in SUPPORT_RECORDS:
        brn = first_holder[whose] if isinstance(whose, str) else demo[whose]["brn"]
        # A demo brn that a real enterprise registered first has no sample: leave it alone.
        enterprise = Enterprise.objects.filter(is_sample=True, brn=brn).first()
        if enterprise is None:
            continue
        _, is_new = SupportRecord.objects.get_or_create(
            enterprise=enterprise,
            occurred_on=occurred_on,
            source=source,
            title=title,
            defaults={"category": category, "amount_won": amount_won},
        )
        records += is_new
    stdout.write(
        f"사회적경제기업: 예시 기업 {created}곳, 공공기관 {institutions}곳, "
        f"지원 이력 {records}건을 새로 넣었습니다."
    )


def _ensure_samples() -> int:
    """Create the first DEMO_SAMPLES samples; when some brns were already registered by real
    enterprises, take the next ones of the stream until there are DEMO_SAMPLES samples."""
    created = 0
    start, count = 0, DEMO_SAMPLES
    while count > 0:
        created += len(create_sample_enterprises(count, start=start))
        start += count
        count = DEMO_SAMPLES - Enterprise.objects.filter(is_sample=True).count()
    return created
