"""The 2022 center as the business report describes it (seed sections 1 and 2).

Every row is keyed on its natural key, so loading twice leaves the same rows.
"""

import datetime as dt
from decimal import Decimal

from ieum.core.permissions import system_actor

from .choices import DepartmentKind
from .models import Center, ContractEvent, Department, Facility, Position
from .services import staffing_plan_save

CENTER_NAME = "서울특별시 사회적경제지원센터"

CENTER = {
    "operator": "(사)서울사회적경제네트워크",
    "operator_representatives": "공동대표 오단이, 한경아, 박미현",
    "legal_bases": "\n".join(
        [
            "「서울특별시 행정사무의 민간위탁에 관한 조례」 (제4조)",
            "「서울특별시 사회적경제 기본조례」 (제10조 등)",
        ]
    ),
    "address": "서울시 은평구 통일로 684(서울혁신파크 미래청 1층)",
    "area_m2": Decimal("1070"),
    "main_facilities": "센터사무실, 회의실, 행사장, 공유사무실, 커뮤니티카페 등",
    "mandate_items": "\n".join(
        [
            "사회적경제 주체 발굴 및 인재 양성",
            "사회적경제 모델발굴 및 사업화 지원",
            "사회적경제 지원제도 및 정책 연구개발",
            "사회적경제기업 간 협력 지원 및 업종, 지역, 광역단위 네트워크 구축·운영지원",
            "사회적기업, 마을기업, 협동조합 등 사회적경제 조직 모니터링, 컨설팅, 평가",
            "사회적경제 활성화 공간 조성 및 운영",
            "사회적경제 활성화를 위한 홍보체계 구축",
            "사회적경제 공공 및 민간 시장조성 지원",
            "사회적경제기업 온라인 쇼핑몰 운영",
            "서울특별시 사회적경제지원센터 자산 및 시설관리",
            "그 밖에 사회적경제 활성화 및 생태계 조성에 필요하다고 인정되는 사업",
        ]
    ),
}

# (date, description, term start, term end)
CONTRACT_EVENTS = [
    (dt.date(2013, 1, 23), "서울시와 위탁계약 체결, 업무 개시", None, None),
    (
        dt.date(2013, 3, 8),
        "‘서울특별시사회적기업개발센터’에서 ‘서울특별시사회적경제지원센터’로 명칭 변경",
        None,
        None,
    ),
    (dt.date(2013, 4, 11), "센터 개소식", None, None),
    (dt.date(2015, 1, 23), "센터 위수탁 재계약", dt.date(2015, 1, 23), dt.date(2018, 1, 22)),
    (dt.date(2018, 1, 23), "센터 위수탁 계약", dt.date(2018, 1, 23), dt.date(2021, 1, 22)),
    (dt.date(2021, 1, 23), "센터 위수탁 재계약", dt.date(2021, 1, 23), dt.date(2024, 1, 22)),
]

FACILITIES = [
    {
        "name": "서울시사회적경제지원센터 본관",
        "short_name": "본관",
        "ownership": "시 소유",
        "address": "은평구 통일로 684 1동 1층 서울혁신파크 내",
        "district": "은평구",
        "area_m2": Decimal("1070"),
        "contents": "\n".join(
            [
                "센터 사무실, 교육실, 스페이스류",
                "사회적경제 전시판매장(1개 기업 운영)",
                "커뮤니티카페(1개 기업 운영)",
                "입주공간 5개(1개 기업 입주)",
            ]
        ),
    },
    {
        "name": "상암 소셜박스",
        "short_name": "상암",
        "ownership": "시 소유",
        "address": "마포구 증산로 87",
        "district": "마포구",
        "area_m2": Decimal("1541"),
        "area_is_gross": True,
        "opened_on": dt.date(2017, 8, 1),
        "contents": "\n".join(
            [
                "공공컨테이너 11동 · 민간컨테이너 10동",
                "입주공간 7개(2개 기업 입주)",
                "교육/세미나실, 공용주방 및 텃밭 등",
            ]
        ),
    },
    {
        "name": "개봉 비대면 산업 클러스터",
        "short_name": "개봉",
        "ownership": "시 소유",
        "address": "서울시 구로구 개봉로 23길 10 5층, 6층",
        "district": "구로구",
        "area_m2": Decimal("1157"),
        "contents": "\n".join(
            [
                "입주기업 공간 14곳(14개 기업 입주), 코워킹스페이스 8석",
                "스튜디오, 회의실, 교육장, 휴게실, 임대오피스, 운영사무실 등",
            ]
        ),
    },
    {
        "name": "가락 먹거리 융합클러스터",
        "short_name": "가락",
        "ownership": "시 소유",
        "address": "서울시 송파구 양재대로 932 청과동 3층",
        "district": "송파구",
        "area_m2": Decimal("1007"),
        "contents": "\n".join(
            [
                "입주기업 공간 10곳(9개 기업 입주), 코워킹스페이스 5석",
                "회의실, 교육장, 공유주방, 휴게실, 운영사무실 등",
            ]
        ),
    },
    {
        # Not in the 시설현황 table; section 3-3 reports it as one of the four spaces.
        "name": "녹번 협동허브",
        "short_name": "녹번",
        "address": "서울혁신센터 內",
        "district": "은평구",
        "contents": "입주공간(3개 기업 입주)",
    },
]

HEADQUARTERS = "미래전략본부"

# (name, duties): the ○ bullets of the 주요기능 table, one line each.
OFFICES = [
    (
        "경영전략실",
        [
            "인사·복무·노무·교육(법정), 급여·세무 및 재무회계",
            "예산 정산 및 결산(외감), 계약·지침관리·위원회 운영",
            "그룹웨어 및 기록물관리, 시(의회)경영자료 대응",
            "공공구매&제로페이보고, 물품구매(비품/소모품), 전산장비운영관리",
            "센터 운영시설물 관리, 출입통제보완(CCTV 운영)",
            "공간관리(가락/개봉/상암/녹번), 공간역량강화컨설팅, 먹거리/비대면 특화 컨설팅, "
            "입주기관 민원대응 및 시설개선, 수익금정산 및 입주기관모집관리",
        ],
    ),
    (
        "지역상생실",
        [
            "공공판로 기획·영업지원, 공공시장 정보분석, 공공판로 상시지원 및 "
            "공공구매 비대면 설명회 개최",
            "공공조달 특화 컨설팅, 공공시장내 유관기관 협력",
            # The seed misspells the mall's name as 함께누리물.
            "함께누리몰 기획·영업지원, 함께누리 유지관리 및 운영",
            "마을기업 지정사업 운영, 마을기업 발굴 및 육성 지원, 마을기업 역량강화 컨설팅, "
            "마을기업 고도화 전략지원, 마을기업 네트워크 활성화 등",
        ],
    ),
    (
        "가치협력실",
        [
            "캐빈닷넷 콘텐츠 제작, 캐빈닷넷 홍보 마케팅",
            "민간판로 역량강화 컨설팅, 유통채널 기획전 운영, 사회적경제 체험단 운영",
            "교육 콘텐츠 제작, 현장수요 맞춤형 교육, 사회적경제 조직 및 청년커뮤니케이션 교육",
            "시민소통 매체 운영, 성과보고서 제작, 언론 홍보, 시민참여행사 운영",
            "센터 포털 운영·관리, 홍보채널(블로그,인스타,페이스북,유튜브) 운영관리",
        ],
    ),
    (
        "기획전략실",
        [
            "센터 기획전략에 관한 제반 업무",
            "가치기반 성장지원사업 컨설팅, 전문가 자문단 운영",
        ],
    ),
    (
        "시민경제연구실",
        [
            "사회적경제 가치성과 연구계획 수립 및 사업관리",
            "서울 사회적경제 현황, 연구자료 취합 및 분석",
            "서울형 사회가치지표(S-SVI) 운영 및 관리",
            "현안연구, 패널연구, 신진연구단 운영",
        ],
    ),
]

# grade: (직위, 직책(호칭)) — the titles are the seed table's 직책 row, column by column.
POSITIONS = {
    1: ("센터장", "센터장"),
    2: ("본부장", "본부장"),
    3: ("수석", "실장"),
    4: ("책임", "책임, 팀장"),
    5: ("선임", "선임"),
}

# grade: (정원, 현원) as of 2022-10-31.
STAFFING_2022 = {1: (1, 1), 2: (1, 1), 3: (5, 3), 4: (7, 9), 5: (10, 10)}


def load(stdout) -> None:
    center, _ = Center.objects.update_or_create(name=CENTER_NAME, defaults=CENTER)
    for occurred_on, description, term_start, term_end in CONTRACT_EVENTS:
        ContractEvent.objects.update_or_create(
            center=center,
            occurred_on=occurred_on,
            defaults={
                "description": description,
                "term_start": term_start,
                "term_end": term_end,
            },
        )
    for order, facility in enumerate(FACILITIES, start=1):
        fields = {**facility}
        name = fields.pop("name")
        Facility.objects.update_or_create(
            name=name, defaults={**fields, "center": center, "sort_order": order}
        )

    headquarters, _ = Department.objects.update_or_create(
        name=HEADQUARTERS,
        defaults={"kind": DepartmentKind.HEADQUARTERS, "parent": None, "sort_order": 0},
    )
    for order, (name, duties) in enumerate(OFFICES, start=1):
        Department.objects.update_or_create(
            name=name,
            defaults={
                "kind": DepartmentKind.OFFICE,
                "parent": headquarters,
                "duties": "\n".join(duties),
                "sort_order": order,
            },
        )

    for grade, (name, titles) in POSITIONS.items():
        Position.objects.update_or_create(grade=grade, defaults={"name": name, "titles": titles})
    staffing_plan_save(
        actor=system_actor(),
        year=2022,
        as_of=dt.date(2022, 10, 31),
        note="정규직 기준(전담 인력 6명 제외)",
        lines=STAFFING_2022,
    )

    quota = sum(quota for quota, _ in STAFFING_2022.values())
    current = sum(current for _, current in STAFFING_2022.values())
    stdout.write(
        f"센터 조직: 시설 {len(FACILITIES)}곳, 부서 {len(OFFICES) + 1}개, "
        f"2022년 인력(정원 {quota}명, 현원 {current}명)을 불러왔습니다.\n"
    )
