"""Demo data of the 함께누리 mall, generated so that its computed figures as of 2022-09-30 are
the seed's: 690 vendors, 14,101 products, 2,728 members, 9,249 orders and 1,888백만원 of sales
in 2022, and a 추석 기획전 that sold 35,069천원 against 20,679천원 the year before.

Vendors are the registry's sample enterprises (the `enterprise` demo login's among them, with
products, orders and quote requests), buyers belong to about 150 plausible public institutions
(the `buyer` demo login is 은평구청's). Everything comes from one seeded random stream, is built
in memory and written with bulk inserts; the two totals are hit exactly by scaling quantities
and letting one quoted line of each take the remainder, as a negotiated price would.

Loading again changes nothing: the history is written once, when the sample vendors have no
products yet; the demo logins' links (the buyer's membership, the member's vendor) are checked
every time.
"""

import bisect
import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import F

from ieum.accounts.models import User
from ieum.core.choices import Role
from ieum.core.districts import DISTRICT_NAMES
from ieum.enterprises.choices import InstitutionKind
from ieum.enterprises.models import Enterprise, Institution

from .choices import (
    MembershipStatus,
    OrderStatus,
    ProductStatus,
    PromotionSeries,
    QuoteRequestStatus,
    StockStatus,
    TargetKind,
    TaxType,
    VendorStatus,
)
from .models import (
    CartItem,
    Category,
    Membership,
    Order,
    OrderDayCounter,
    OrderEvent,
    OrderLine,
    Product,
    ProductCertificate,
    Promotion,
    PromotionProduct,
    Quote,
    QuoteItem,
    QuoteRequest,
    QuoteRequestItem,
    Vendor,
    VendorEvent,
)
from .services import catalog as catalog_services
from .services import institutions as institution_services
from .services import vendors as vendor_services

SEED = 2022
SEOUL = ZoneInfo("Asia/Seoul")
AS_OF = dt.date(2022, 9, 30)

# The seed's figures as of AS_OF.
VENDORS = 690
PRODUCTS = 14_101
MEMBERS = 2_728
ORDERS_2022 = 9_249
SALES_2022_WON = 1_888_000_000
CHUSEOK_2022_WON = 35_069_000
CHUSEOK_2021_WON = 20_679_000

ORDERS_2021 = 3_400
APPLIED_VENDORS = 7  # the staff's review queue; the other sample enterprises are rejected
PENDING_MEMBERS = 6
REJECTED_MEMBERS = 2
CANCELLED_ORDERS = 24
RETURNED_ORDERS = 4

CHUSEOK_2021 = ("2021 추석 기획전", dt.date(2021, 8, 1), dt.date(2021, 9, 2))
CHUSEOK_2022 = ("2022 추석 기획전", dt.date(2022, 8, 1), dt.date(2022, 9, 2))
ZERO_WASTE = ("제로웨이스트 기획전", dt.date(2022, 11, 1), dt.date(2022, 11, 30))

MEMBER_LOGIN = "enterprise"
BUYER_LOGIN = "buyer"
STAFF_LOGIN = "staff"
BUYER_INSTITUTION = "은평구청"

# Korean public holidays on weekdays: no orders are placed on them.
HOLIDAYS = frozenset(
    dt.date(*day)
    for day in (
        (2021, 1, 1), (2021, 2, 11), (2021, 2, 12), (2021, 3, 1), (2021, 5, 5), (2021, 5, 19),
        (2021, 8, 16), (2021, 9, 20), (2021, 9, 21), (2021, 9, 22), (2021, 10, 4),
        (2021, 10, 11), (2022, 1, 31), (2022, 2, 1), (2022, 2, 2), (2022, 3, 1), (2022, 3, 9),
        (2022, 5, 5), (2022, 6, 1), (2022, 6, 6), (2022, 8, 15), (2022, 9, 9), (2022, 9, 12),
    )
)  # fmt: skip
# The share of orders in a 추석 기획전 that are for its gifts.
GIFT_SHARE = {2021: 0.3, 2022: 0.04}
# Services are ordered far less often than goods, but for much more.
SERVICE_SHARE = 0.03
# Public buyers order little in January and most at the end of the year.
MONTH_WEIGHTS = (0.55, 0.7, 1.0, 1.05, 1.05, 1.15, 1.05, 1.2, 1.2, 1.1, 1.25, 1.45)


# ---------------------------------------------------------------------------------------------
# The catalog's vocabulary


@dataclass(frozen=True)
class Leaf:
    """A second-level category and how its products are named, priced and sold."""

    name: str
    code: str  # the first 8 digits of the 물품분류번호; the product adds 2
    unit: str
    price: tuple[int, int]  # won, drawn log-uniformly
    items: tuple[str, ...]
    variants: tuple[str, ...]
    certifications: tuple[tuple[str, float], ...] = ()
    min_quantity: tuple[int, ...] = (1,)
    lead: tuple[int, int] = (2, 5)
    service: bool = False  # bought as one job (1식) from a quote, at the quoted price
    exempt: bool = False  # VAT exempt (unprocessed food, education, care)
    local: bool = False  # delivered or performed only in some districts
    made_to_order: bool = False
    gift: bool = False  # a 추석 gift: curated in the 추석 기획전
    line_won: int = 15_000  # the median amount of one order line


@dataclass(frozen=True)
class Top:
    name: str
    pitch: tuple[str, ...]
    leaves: tuple[Leaf, ...]


CATALOG = (
    Top(
        "생활용품",
        (
            "플라스틱 사용을 줄이는 제로웨이스트 생활용품입니다.",
            "피부에 닿는 제품이라 원료를 꼼꼼히 골랐습니다.",
            "사무실과 복지시설에서 많이 찾는 실속 구성입니다.",
        ),
        (
            Leaf(
                "친환경 세제", "47131801", "개", (3_000, 35_000),
                ("주방세제", "세탁세제", "섬유유연제", "다목적 세정제", "식기세척기 세제",
                 "욕실 세정제", "과탄산소다", "베이킹소다 세제", "구연산 세정제", "유리 세정제"),
                ("1L", "2L 리필", "500ml", "3.5L 대용량", "1kg", "리필 파우치 1.2L", "무향",
                 "레몬향", "라벤더향", "12개입 세트"),
                (("eco", 0.5), ("green", 0.1), ("kc", 0.1)), (1, 1, 1, 1, 5),
            ),
            Leaf(
                "대나무 칫솔", "53131503", "개", (1_500, 30_000),
                ("대나무 칫솔", "대나무 칫솔 세트", "어린이 대나무 칫솔", "대나무 치실",
                 "대나무 면봉", "옥수수 전분 칫솔", "고체 치약"),
                ("성인용", "어린이용", "10개입", "4개입", "미세모", "일반모", "50개입 단체용",
                 "개별포장"),
                (("eco", 0.3), ("kc", 0.2)), (1, 1, 1, 10),
            ),
            Leaf(
                "샴푸바·고체비누", "53131628", "개", (4_000, 25_000),
                ("샴푸바", "린스바", "설거지 비누", "세안 비누", "천연 수제비누",
                 "고체 바디워시", "비누 받침 세트"),
                ("라벤더", "티트리", "녹차", "쑥", "어성초", "100g", "3개입 세트", "무향",
                 "지성용", "건성용"),
                (("eco", 0.3),), (1, 1, 1, 3),
            ),
            Leaf(
                "다회용기·텀블러", "52151504", "개", (3_000, 40_000),
                ("스테인리스 텀블러", "유리 밀폐용기", "다회용 도시락통", "실리콘 지퍼백",
                 "다회용 빨대 세트", "밀랍랩", "소창 행주", "면 손수건"),
                ("350ml", "500ml", "3종 세트", "대", "중", "소", "2개입", "각인 가능"),
                (("eco", 0.2), ("kc", 0.2)), (1, 1, 1, 5),
            ),
            Leaf(
                "위생·생활잡화", "14111704", "박스", (5_000, 45_000),
                ("재생 두루마리 화장지", "재생 키친타월", "핸드타올", "물티슈", "고무장갑",
                 "종이 수세미"),
                ("30롤", "24롤", "5,000매", "100매 10팩", "대형", "중형", "무형광"),
                (("eco", 0.35),), (1, 1, 2),
            ),
            Leaf(
                "반려식물·화분", "10161506", "개", (5_000, 80_000),
                ("공기정화식물", "스투키 화분", "몬스테라", "다육 화분 세트", "행운목",
                 "허브 화분"),
                ("소형", "중형", "대형", "3개 세트", "토분", "사무실용"),
                (), (1, 1, 1, 3), (2, 4), local=True,
            ),
        ),
    ),
    Top(
        "사무용품",
        (
            "공공기관 사무실에서 바로 쓰는 규격 제품입니다.",
            "재생 원료로 만들어 녹색제품 구매 실적에도 반영됩니다.",
            "대량 주문 시 부서별로 나누어 배송합니다.",
        ),
        (
            Leaf(
                "복사용지·노트", "14111507", "박스", (1_500, 35_000),
                ("재생 복사용지 A4", "재생 복사용지 A3", "재생지 노트", "스프링 노트", "업무 수첩",
                 "재생지 메모지"),
                ("80g 2,500매", "75g 500매", "5권 세트", "10권", "무지", "유선", "모눈"),
                (("eco", 0.5), ("green", 0.1), ("excellent_procurement", 0.05)), (1, 1, 1, 5),
            ),
            Leaf(
                "필기구", "44121704", "개", (500, 15_000),
                ("재생 플라스틱 볼펜", "종이 볼펜", "친환경 연필", "형광펜 세트", "네임펜",
                 "수성 마커"),
                ("0.5mm", "0.7mm", "12자루", "1다스", "흑색", "청색", "적색", "3색 세트"),
                (("eco", 0.3),), (1, 10, 12),
            ),
            Leaf(
                "파일·바인더", "44122011", "개", (1_000, 25_000),
                ("재생지 파일", "종이 바인더", "클리어 파일", "서류 보관함", "결재판",
                 "종이 파일박스"),
                ("A4", "10매", "20매", "청색", "회색", "3공", "5개입"),
                (("eco", 0.4), ("excellent_procurement", 0.05)), (1, 1, 1, 5),
            ),
            Leaf(
                "사무가구", "56101701", "개", (50_000, 400_000),
                ("원목 책상", "사무용 의자", "회의 테이블", "원목 책장", "파티션", "원목 수납장"),
                ("1200폭", "1400폭", "1600폭", "화이트", "월넛", "메이플", "2단", "4단"),
                (("green", 0.1), ("excellent_procurement", 0.1), ("excellent_product", 0.05),
                 ("kc", 0.2)),
                (1,), (7, 14), made_to_order=True, line_won=150_000,
            ),
            Leaf(
                "재생 토너", "44103103", "개", (15_000, 150_000),
                ("재생 토너", "재생 잉크 카트리지", "재생 드럼 유닛"),
                ("흑백", "컬러", "대용량", "삼성 호환", "HP 호환", "캐논 호환", "신도리코 호환"),
                (("eco", 0.5), ("performance", 0.05)), (1, 2), line_won=80_000,
            ),
        ),
    ),
    Top(
        "급식 식자재",
        (
            "서울 인근 농가와 직거래한 식재료입니다.",
            "아침에 수확해 당일 배송합니다.",
            "학교·어린이집 급식 기준에 맞춰 손질해 드립니다.",
        ),
        (
            Leaf(
                "친환경 농산물", "50401501", "박스", (3_000, 60_000),
                ("친환경 쌈채소", "유기농 양파", "무농약 감자", "친환경 애호박", "유기농 당근",
                 "제철 과일 꾸러미", "친환경 버섯 모둠", "무농약 대파"),
                ("1kg", "2kg", "5kg", "10kg", "500g"),
                (("organic", 0.5),), (1, 1, 2), (1, 2), exempt=True, local=True,
                line_won=50_000,
            ),
            Leaf(
                "쌀·잡곡", "50221101", "포", (12_000, 90_000),
                ("친환경 쌀", "현미", "혼합 잡곡", "찹쌀", "보리쌀", "귀리"),
                ("4kg", "10kg", "20kg", "국내산", "올해 햅쌀"),
                (("organic", 0.4),), (1, 1, 2), (1, 3), exempt=True, line_won=80_000,
            ),
            Leaf(
                "두부·장류", "50192901", "개", (3_000, 80_000),
                ("국산콩 두부", "전통 된장", "고추장", "한식 간장", "참기름", "들기름",
                 "수제 청국장", "배추김치", "깍두기"),
                ("500g", "1kg", "3kg", "10kg", "국산콩", "900ml", "350ml"),
                (("haccp", 0.4), ("organic", 0.1)), (1, 1, 2), (1, 3), gift=True,
            ),
            Leaf(
                "축산·수산", "50111501", "개", (8_000, 90_000),
                ("무항생제 계란", "한우 불고기감", "한돈 앞다리살", "국내산 닭가슴살",
                 "국물용 멸치", "곱창김"),
                ("30구", "1kg", "2kg", "500g", "10봉"),
                (("haccp", 0.3), ("organic", 0.1)), (1, 1, 2), (1, 2), exempt=True, local=True,
                line_won=60_000,
            ),
        ),
    ),
    Top(
        "식품·선물세트",
        (
            "명절과 행사 답례품으로 많이 찾는 구성입니다.",
            "수익의 일부를 지역 어르신 돌봄에 씁니다.",
            "보자기와 종이 포장으로 플라스틱을 쓰지 않았습니다.",
        ),
        (
            Leaf(
                "명절 선물세트", "50192902", "세트", (15_000, 70_000),
                ("한과 선물세트", "전통 장 선물세트", "참기름·들기름 세트", "수제 청 선물세트",
                 "견과류 선물세트", "유기농 과일 선물세트", "떡 선물세트", "건강즙 선물세트",
                 "수제 잼 세트", "홍삼 선물세트"),
                ("소", "중", "대", "3종", "5종", "보자기 포장", "종이 패키지"),
                (("haccp", 0.4), ("organic", 0.2)), (1, 1, 5), (3, 7), gift=True,
                line_won=120_000,
            ),
            Leaf(
                "공정무역 커피·차", "50201706", "개", (5_000, 60_000),
                ("공정무역 원두커피", "드립백 커피", "유기농 녹차", "허브티", "더치커피",
                 "공정무역 초콜릿", "공정무역 설탕"),
                ("200g", "500g", "1kg", "10개입", "30개입", "선물세트"),
                (("organic", 0.3), ("haccp", 0.2)), (1, 1, 2), gift=True,
            ),
            Leaf(
                "간식·베이커리", "50181901", "박스", (3_000, 50_000),
                ("수제 쿠키", "우리밀 빵", "약과", "수제 그래놀라", "건과일칩", "쌀과자", "찹쌀떡"),
                ("10개입", "20개입", "1박스", "개별포장", "답례용"),
                (("haccp", 0.4),), (1, 1, 5), (1, 3), gift=True, line_won=60_000,
            ),
        ),
    ),
    Top(
        "청소·방역 용역",
        (
            "취약계층 일자리를 만드는 청소·방역 전문 인력이 수행합니다.",
            "작업 전후 사진과 함께 결과 보고서를 드립니다.",
            "친환경 약제와 세제를 씁니다.",
        ),
        (
            Leaf(
                "건물 청소", "76111501", "식", (200_000, 5_000_000),
                ("사무실 정기 청소", "청사 일상 청소", "계단·복도 청소", "유리창 청소", "카펫 세탁",
                 "입주 대청소"),
                ("월 단위", "1회", "연간 계약", "100㎡ 기준", "층별"),
                (), (1,), (7, 14), service=True, local=True,
            ),
            Leaf(
                "방역·소독", "70141605", "식", (100_000, 3_000_000),
                ("방역 소독", "해충 방제", "감염병 예방 방역", "어린이집 방역", "쥐·바퀴 방제",
                 "실내 공기질 측정"),
                ("월 1회", "분기 1회", "1회", "연간 계약", "500㎡ 기준"),
                (), (1,), (3, 10), service=True, local=True,
            ),
            Leaf(
                "시설 위생관리", "76111701", "식", (80_000, 2_500_000),
                ("저수조 청소", "정화조 청소", "에어컨 세척", "배수관 세척", "주방 후드 청소"),
                ("1회", "연 2회", "대당", "10대 기준"),
                (), (1,), (5, 14), service=True, local=True,
            ),
        ),
    ),
    Top(
        "청소·위생용품",
        (
            "청소 현장에서 직접 써 보고 고른 제품입니다.",
            "대량 구매 시 단가를 조정해 드립니다.",
        ),
        (
            Leaf(
                "청소용품", "47131604", "개", (2_000, 60_000),
                ("극세사 걸레", "밀대 걸레", "빗자루 세트", "분리수거함", "천연 수세미",
                 "쓰레기통"),
                ("대", "중", "소", "10개입", "리필 5매", "3단"),
                (("eco", 0.2),), (1, 1, 2),
            ),
            Leaf(
                "방역용품", "42131713", "박스", (2_000, 40_000),
                ("KF94 마스크", "덴탈 마스크", "손소독제", "살균 소독제", "손세정제",
                 "니트릴 장갑", "방역복"),
                ("50매", "100매", "500ml", "1L", "4L", "대형", "개별포장"),
                (("kc", 0.3), ("performance", 0.05)), (1, 1, 5), line_won=40_000,
            ),
        ),
    ),
    Top(
        "기념품·판촉물",
        (
            "기관 로고와 문구를 넣어 주문 제작합니다.",
            "행사 일정에 맞춰 납기를 약속드립니다.",
            "서울의 이야기를 담은 기념품입니다.",
        ),
        (
            Leaf(
                "에코백·파우치", "53121601", "개", (2_000, 10_000),
                ("캔버스 에코백", "면 파우치", "접이식 장바구니", "보냉 가방", "복주머니"),
                ("무지", "로고 인쇄", "대", "중", "소", "단체 주문"),
                (("eco", 0.2),), (5, 10), (7, 14), made_to_order=True,
                line_won=70_000,
            ),
            Leaf(
                "공예 기념품", "60104101", "개", (5_000, 80_000),
                ("나전칠기 명함첩", "한지 공예 액자", "도자기 머그컵", "목공예 펜꽂이",
                 "전통 매듭 책갈피", "자개 손거울", "한지 조명"),
                ("서울 기념", "단체 주문", "각인", "선물 포장"),
                (), (1, 1, 5), (5, 14), gift=True, line_won=40_000,
            ),
            Leaf(
                "판촉물", "55121601", "개", (500, 5_000),
                ("로고 인쇄 텀블러", "종이 볼펜 판촉용", "장우산", "손거울", "키링",
                 "재생 마우스패드", "탁상 달력", "스티커"),
                ("100개", "300개", "500개", "1,000개", "로고 인쇄"),
                (("eco", 0.1),), (10, 20, 30), (7, 21), made_to_order=True,
                line_won=70_000,
            ),
        ),
    ),
    Top(
        "업사이클 가방",
        (
            "버려지는 현수막과 원단을 세척해 다시 만든 업사이클 제품입니다.",
            "디자인이 하나하나 달라 같은 제품이 없습니다.",
            "제작 과정에서 발달장애인과 경력단절 여성이 함께 일합니다.",
        ),
        (
            Leaf(
                "현수막 가방", "53121602", "개", (5_000, 45_000),
                ("폐현수막 에코백", "현수막 토트백", "현수막 크로스백", "현수막 파우치",
                 "현수막 장바구니"),
                ("대", "중", "소", "랜덤 디자인", "단체 주문"),
                (("eco", 0.3),), (1, 1, 5), (5, 10), made_to_order=True,
            ),
            Leaf(
                "폐원단 가방", "53121603", "개", (8_000, 90_000),
                ("청바지 업사이클 가방", "폐원단 에코백", "자투리 원단 필통", "커피자루 가방",
                 "폐가죽 카드지갑", "폐타이어 가방"),
                ("대", "중", "소", "한정판", "선물 포장"),
                (("eco", 0.2),), (1, 1, 2), (3, 10),
            ),
            Leaf(
                "폐플라스틱 소품", "52151505", "개", (2_000, 40_000),
                ("병뚜껑 업사이클 키링", "폐플라스틱 화분", "폐플라스틱 치약짜개",
                 "재생 플라스틱 트레이", "우유팩 재생 휴지"),
                ("1개", "5개입", "10개입", "컬러 랜덤", "단체 주문"),
                (("eco", 0.3),), (1, 1, 5), (3, 10),
            ),
        ),
    ),
    Top(
        "도시락·케이터링",
        (
            "당일 조리해 약속한 시간에 배달합니다.",
            "지역 농산물과 국내산 식재료를 씁니다.",
            "채식·알레르기 식단을 따로 준비해 드립니다.",
        ),
        (
            Leaf(
                "도시락", "90101603", "개", (6_000, 25_000),
                ("한식 도시락", "비빔밥 도시락", "채식 도시락", "김밥 세트", "샌드위치 세트",
                 "주먹밥 세트", "회의용 도시락"),
                ("일반", "고급", "10인분 이상", "30인분 이상", "채식 선택"),
                (("haccp", 0.3),), (10,), (1, 2), local=True, line_won=120_000,
            ),
            Leaf(
                "케이터링·다과", "90101604", "인분", (5_000, 25_000),
                ("행사 케이터링", "다과 세트", "떡 다과 세트", "커피 케이터링", "핑거푸드",
                 "한식 뷔페"),
                ("30인", "50인", "100인", "1인 기준"),
                (("haccp", 0.2),), (10,), (2, 5), local=True, line_won=150_000,
            ),
            Leaf(
                "반찬·밀키트", "50192101", "개", (5_000, 30_000),
                ("반찬 세트", "밀키트", "전복죽", "국·탕 세트", "어르신 영양식"),
                ("3종", "5종", "2인분", "4인분", "주 2회 배송"),
                (("haccp", 0.4),), (1, 1, 2), (1, 3), local=True, line_won=60_000,
            ),
        ),
    ),
    Top(
        "인쇄·디자인",
        (
            "재생지와 콩기름 잉크로 인쇄합니다.",
            "시안 2회 수정까지 포함한 가격입니다.",
            "공공기관 홍보물 제작 경험이 많습니다.",
        ),
        (
            Leaf(
                "인쇄물", "82121501", "건", (20_000, 300_000),
                ("리플렛 인쇄", "브로슈어 인쇄", "포스터 인쇄", "명함 인쇄", "소책자 인쇄",
                 "봉투 인쇄", "보고서 제본"),
                ("재생지", "A4 3단", "500부", "1,000부", "100매", "무광", "유광"),
                (("eco", 0.2),), (1,), (3, 10), made_to_order=True, line_won=100_000,
            ),
            Leaf(
                "현수막·배너", "55121702", "개", (15_000, 150_000),
                ("현수막 제작", "X배너 제작", "실사 출력", "포맥스 간판", "안내 표지판", "폼보드"),
                ("5m", "7m", "10m", "600×1800", "대형", "친환경 소재"),
                (("eco", 0.2),), (1, 1, 2), (2, 5), made_to_order=True, line_won=50_000,
            ),
            Leaf(
                "디자인 용역", "82141501", "식", (200_000, 8_000_000),
                ("홍보물 디자인", "로고·CI 디자인", "카드뉴스 제작", "인포그래픽 제작",
                 "편집 디자인", "캐릭터 디자인"),
                ("1건", "10장", "기본형", "고급형", "연간 계약"),
                (), (1,), (10, 30), service=True,
            ),
        ),
    ),
    Top(
        "교육·문화 서비스",
        (
            "기관 일정에 맞춰 찾아가는 프로그램으로 운영합니다.",
            "참여자 만족도 조사와 결과 보고서를 함께 드립니다.",
            "사회적경제 현장의 강사진이 진행합니다.",
        ),
        (
            Leaf(
                "교육 프로그램", "86101701", "식", (300_000, 5_000_000),
                ("사회적경제 교육", "직무 역량 교육", "환경 교육", "코딩 교육", "청렴 교육",
                 "인권 교육", "성평등 교육", "은퇴 설계 교육"),
                ("1회 2시간", "4회 과정", "30명 기준", "온라인", "찾아가는 교육"),
                (), (1,), (7, 30), service=True, exempt=True,
            ),
            Leaf(
                "공연·문화행사", "80141607", "식", (300_000, 5_000_000),
                ("찾아가는 음악회", "국악 공연", "마술 공연", "인형극", "행사 사회·진행",
                 "축제 기획 운영"),
                ("1회", "60분", "90분", "야외", "실내"),
                (), (1,), (14, 30), service=True,
            ),
            Leaf(
                "체험 프로그램", "86101702", "인", (10_000, 20_000),
                ("목공 체험", "천연 비누 만들기 체험", "업사이클 공예 체험", "도시농업 체험",
                 "숲 체험", "전통 공예 체험", "제로웨이스트 체험"),
                ("1회 20명", "1인 기준", "재료 포함", "출장"),
                (), (5,), (7, 21), exempt=True, line_won=100_000,
            ),
        ),
    ),
    Top(
        "시설·수리 용역",
        (
            "지역 주민이 일하는 집수리 전문 기업입니다.",
            "시공 후 1년 동안 무상으로 하자를 보수합니다.",
        ),
        (
            Leaf(
                "집수리·인테리어", "72111501", "식", (300_000, 20_000_000),
                ("소규모 집수리", "도배·장판", "방충망 교체", "실내 인테리어", "경로당 보수",
                 "단열 공사"),
                ("1식", "1세대", "경로당 1개소", "견적 후 시공"),
                (), (1,), (7, 30), service=True, local=True,
            ),
            Leaf(
                "조경 관리", "70111703", "식", (200_000, 6_000_000),
                ("실내 조경", "옥상 텃밭 조성", "화단 관리", "벽면 녹화", "수목 전정"),
                ("1식", "월 단위", "연간 계약"),
                (), (1,), (7, 21), service=True, local=True,
            ),
        ),
    ),
    Top(
        "IT·미디어 서비스",
        (
            "웹 접근성 인증 경험이 있는 개발진이 만듭니다.",
            "납품 뒤 한 달 동안 무상으로 유지보수합니다.",
        ),
        (
            Leaf(
                "홈페이지·앱 제작", "81112103", "식", (1_000_000, 15_000_000),
                ("홈페이지 구축", "홈페이지 유지보수", "모바일 앱 개발", "예약 시스템 구축",
                 "웹 접근성 개선"),
                ("기본형", "반응형", "연간", "1식"),
                (("gs", 0.3),), (1,), (30, 60), service=True,
            ),
            Leaf(
                "영상·사진 제작", "82131603", "식", (300_000, 8_000_000),
                ("홍보 영상 제작", "행사 사진 촬영", "교육 영상 촬영·편집", "유튜브 콘텐츠 제작",
                 "라이브 스트리밍"),
                ("1편", "3분 내외", "반일", "종일", "10편"),
                (), (1,), (7, 30), service=True,
            ),
        ),
    ),
    Top(
        "돌봄·복지 서비스",
        (
            "자격을 갖춘 돌봄 인력이 제공합니다.",
            "이용자 상담부터 결과 보고까지 함께합니다.",
        ),
        (
            Leaf(
                "돌봄 서비스", "85101601", "식", (50_000, 3_000_000),
                ("어르신 안부 돌봄", "장애인 활동 지원", "산후 조리 지원", "방문 간호",
                 "건강 체조 프로그램", "심리 상담 프로그램"),
                ("월 단위", "1회", "10회", "1인 기준"),
                (), (1,), (7, 14), service=True, exempt=True, local=True,
            ),
        ),
    ),
)  # fmt: skip

# Which top categories an enterprise of each registry industry sells in, with weights.
INDUSTRY_TOPS = {
    "환경·재활용": {"업사이클 가방": 4, "생활용품": 3, "기념품·판촉물": 1},
    "청소·방역": {"청소·방역 용역": 4, "청소·위생용품": 3},
    "보건·의료": {"청소·위생용품": 2, "돌봄·복지 서비스": 3},
    "식품·외식": {"도시락·케이터링": 3, "식품·선물세트": 3, "급식 식자재": 2},
    "돌봄·복지": {"돌봄·복지 서비스": 4, "도시락·케이터링": 1, "생활용품": 1},
    "교육": {"교육·문화 서비스": 5, "인쇄·디자인": 1},
    "관광·숙박": {"교육·문화 서비스": 3, "기념품·판촉물": 2},
    "도시농업": {"급식 식자재": 4, "시설·수리 용역": 1, "생활용품": 1},
    "IT·미디어": {"IT·미디어 서비스": 5, "인쇄·디자인": 1},
    "문화·예술": {"교육·문화 서비스": 3, "기념품·판촉물": 3},
    "주거·건축": {"시설·수리 용역": 5, "사무용품": 1},
    "제조": {"사무용품": 3, "생활용품": 2, "기념품·판촉물": 1},
    "유통·공정무역": {"식품·선물세트": 3, "생활용품": 2, "사무용품": 1},
    "인쇄·디자인": {"인쇄·디자인": 5, "기념품·판촉물": 2},
}
ANY_TOPS = {"생활용품": 2, "사무용품": 2, "기념품·판촉물": 1}

BRAND_PREFIXES = ("국산", "수제", "친환경", "실속형", "프리미엄", "우리동네", "저자극", "무형광")

KIND_PITCH = {
    "social_enterprise": "취약계층 일자리를 만드는 사회적기업이 생산합니다.",
    "pre_regional": "서울형 예비사회적기업이 만든 제품입니다.",
    "pre_ministry": "부처형 예비사회적기업이 만든 제품입니다.",
    "cooperative": "조합원이 함께 만드는 협동조합 제품입니다.",
    "social_cooperative": "수익을 지역사회에 되돌리는 사회적협동조합의 제품입니다.",
    "village": "마을 주민이 함께 운영하는 마을기업의 상품입니다.",
    "self_sufficiency": "자활기업 참여 주민이 정성껏 만듭니다.",
    "social_venture": "사회문제를 기술로 푸는 소셜벤처의 제품입니다.",
}

# ---------------------------------------------------------------------------------------------
# Institutions: (name, kind, district, buyer-account weight)

_D, _C, _P, _E, _G, _O = (
    InstitutionKind.DISTRICT,
    InstitutionKind.CITY,
    InstitutionKind.PUBLIC_CORPORATION,
    InstitutionKind.EDUCATION,
    InstitutionKind.CENTRAL,
    InstitutionKind.OTHER,
)
_DISTRICT_AGENCIES = {
    "성동구": "도시관리공단", "성북구": "도시관리공단", "강북구": "도시관리공단",
    "서대문구": "도시관리공단", "강남구": "도시관리공단", "강동구": "도시관리공단",
    "노원구": "서비스공단",
}  # fmt: skip
INSTITUTIONS = (
    *((f"{d}청", _D, d, 50 if d == "은평구" else 34) for d in DISTRICT_NAMES),
    *(
        (f"{d}{_DISTRICT_AGENCIES.get(d, '시설관리공단')}", _P, d, 8)
        for d in DISTRICT_NAMES
    ),
    ("서울특별시청", _C, "중구", 250),
    ("서울특별시 상수도사업본부", _C, "중구", 20),
    ("서울특별시 소방재난본부", _C, "중구", 20),
    ("서울특별시 인재개발원", _C, "서초구", 10),
    ("서울특별시 한강사업본부", _C, "영등포구", 14),
    ("서울특별시 도시기반시설본부", _C, "성동구", 10),
    ("서울특별시 보건환경연구원", _C, "서초구", 8),
    ("서울특별시 농업기술센터", _C, "서초구", 6),
    ("서울특별시 동부공원녹지사업소", _C, "광진구", 6),
    ("서울특별시 서부공원녹지사업소", _C, "마포구", 6),
    ("서울특별시 중부공원녹지사업소", _C, "중구", 6),
    ("서울특별시 남부공원녹지사업소", _C, "관악구", 6),
    ("서울특별시 북부공원녹지사업소", _C, "노원구", 6),
    ("서울대공원", _C, "", 10),
    ("서울시립미술관", _C, "중구", 8),
    ("서울역사박물관", _C, "종로구", 8),
    ("서울도서관", _C, "중구", 6),
    ("서울특별시 서북병원", _C, "은평구", 10),
    ("서울특별시 은평병원", _C, "은평구", 10),
    ("서울특별시 어린이병원", _C, "서초구", 8),
    ("서울특별시 동부병원", _C, "동대문구", 8),
    ("서울특별시보라매병원", _C, "동작구", 12),
    ("서울시립대학교", _C, "동대문구", 14),
    ("서울교통공사", _P, "성동구", 120),
    ("서울주택도시공사", _P, "강남구", 60),
    ("서울시설공단", _P, "성동구", 60),
    ("서울에너지공사", _P, "양천구", 20),
    ("서울농수산식품공사", _P, "송파구", 20),
    ("서울신용보증재단", _O, "마포구", 12),
    ("서울의료원", _O, "중랑구", 20),
    ("서울산업진흥원", _O, "마포구", 12),
    ("서울관광재단", _O, "중구", 8),
    ("서울문화재단", _O, "동대문구", 10),
    ("서울디자인재단", _O, "중구", 8),
    ("서울여성가족재단", _O, "동작구", 8),
    ("서울시복지재단", _O, "중구", 8),
    ("서울연구원", _O, "서초구", 8),
    ("서울시50플러스재단", _O, "마포구", 8),
    ("서울기술연구원", _O, "마포구", 6),
    ("세종문화회관", _O, "종로구", 10),
    ("서울시립교향악단", _O, "종로구", 4),
    ("서울특별시사회서비스원", _O, "중구", 10),
    ("서울장학재단", _O, "중구", 4),
    ("서울시공공보건의료재단", _O, "중구", 4),
    ("서울특별시120다산콜재단", _O, "동대문구", 6),
    ("서울특별시교육청", _E, "종로구", 200),
    ("서울특별시동부교육지원청", _E, "동대문구", 20),
    ("서울특별시서부교육지원청", _E, "마포구", 20),
    ("서울특별시남부교육지원청", _E, "구로구", 20),
    ("서울특별시북부교육지원청", _E, "노원구", 20),
    ("서울특별시중부교육지원청", _E, "종로구", 20),
    ("서울특별시강동송파교육지원청", _E, "강동구", 20),
    ("서울특별시강서양천교육지원청", _E, "양천구", 20),
    ("서울특별시강남서초교육지원청", _E, "강남구", 20),
    ("서울특별시동작관악교육지원청", _E, "동작구", 20),
    ("서울특별시성동광진교육지원청", _E, "성동구", 20),
    ("서울특별시성북강북교육지원청", _E, "성북구", 20),
    ("서울특별시교육청 교육연수원", _E, "서초구", 6),
    ("서울특별시교육청 정독도서관", _E, "종로구", 5),
    ("서울특별시교육청 남산도서관", _E, "용산구", 5),
    ("서울특별시교육청 어린이도서관", _E, "종로구", 4),
    ("서울특별시교육청 고덕평생학습관", _E, "강동구", 4),
    ("서울특별시교육청 마포평생학습관", _E, "마포구", 4),
    ("서울특별시교육청 교육연구정보원", _E, "용산구", 6),
    ("행정안전부", _G, "", 10),
    ("고용노동부", _G, "", 10),
    ("기획재정부", _G, "", 6),
    ("보건복지부", _G, "", 8),
    ("환경부", _G, "", 8),
    ("중소벤처기업부", _G, "", 6),
    ("문화체육관광부", _G, "", 6),
    ("조달청", _G, "", 6),
    ("서울지방고용노동청", _G, "중구", 10),
    ("서울지방조달청", _G, "서초구", 8),
    ("서울지방중소벤처기업청", _G, "구로구", 6),
    ("서울지방국세청", _G, "종로구", 10),
    ("서울지방병무청", _G, "영등포구", 6),
    ("서울지방보훈청", _G, "용산구", 6),
    ("서울출입국·외국인청", _G, "양천구", 6),
    ("국립중앙박물관", _G, "용산구", 8),
    ("국립현대미술관", _G, "종로구", 6),
    ("국립중앙도서관", _G, "서초구", 6),
    ("국민건강보험공단 서울지역본부", _O, "마포구", 10),
    ("국민연금공단 서울남부지역본부", _O, "영등포구", 8),
    ("한국토지주택공사 서울지역본부", _O, "강남구", 10),
    ("한국전력공사 서울본부", _O, "중구", 10),
    ("근로복지공단 서울지역본부", _O, "중구", 8),
    ("한국장애인고용공단 서울지역본부", _O, "영등포구", 6),
    ("한국산업인력공단 서울지역본부", _O, "동대문구", 6),
    ("국민체육진흥공단", _O, "송파구", 8),
    ("국립중앙의료원", _O, "중구", 10),
    ("서울대학교", _O, "관악구", 16),
    ("서울대학교병원", _O, "종로구", 16),
    ("서울과학기술대학교", _O, "노원구", 10),
    ("한국사회적기업진흥원", _O, "", 6),
)  # fmt: skip
# Institutions that bought nothing in 2022 (the seed's 무실적 outreach); they have members.
NO_ORDERS_2022 = frozenset(
    {"기획재정부", "조달청", "서울지방병무청", "서울특별시 농업기술센터", "국립중앙도서관",
     "서울시립교향악단", "서울장학재단", "서울특별시교육청 어린이도서관", "서울기술연구원",
     "중랑구시설관리공단", "금천구시설관리공단", "서울지방보훈청"}
)  # fmt: skip

DEPARTMENTS = {
    _D: ("총무과", "행정지원과", "복지정책과", "청소행정과", "문화체육과", "일자리경제과",
         "보건소 건강관리과", "공원녹지과", "기획예산과", "홍보담당관"),
    _C: ("총무과", "운영지원과", "시설관리팀", "교육운영팀", "행정지원팀"),
    _P: ("총무팀", "경영지원팀", "시설운영팀", "고객지원팀", "안전관리팀"),
    _E: ("행정지원과", "총무과", "교육복지과", "재정지원팀", "시설팀"),
    _G: ("운영지원과", "총무과", "운영지원팀"),
    _O: ("총무팀", "경영지원팀", "운영지원팀", "사업팀"),
}  # fmt: skip
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허남심노하곽성차주우구"
GIVEN = "민서지현준영수진하은도윤유나연우재성호경희정태혜원선미승주아동"

CANCEL_REASONS = (
    "예산 조정으로 주문을 취소합니다.",
    "납품 일정이 맞지 않아 취소합니다.",
    "다른 규격으로 다시 주문하겠습니다.",
    "재고 부족으로 기한 내 납품이 어렵습니다.",
)
RETURN_REASONS = ("주문한 규격과 다른 제품이 납품되었습니다.", "배송 중 파손되었습니다.")
DECLINE_REASONS = (
    "요청하신 납기 안에 제작이 어렵습니다.",
    "해당 지역은 배송이 어렵습니다.",
    "요청 수량이 생산 가능 수량을 넘습니다.",
)
REJECT_REASONS = (
    "제출한 인증서의 유효기간이 지났습니다. 갱신된 인증서로 다시 신청해 주세요.",
    "판매할 상품 정보가 없습니다. 상품 목록을 첨부해 다시 신청해 주세요.",
    "사업자등록증 사본이 첨부되지 않았습니다.",
)
ORDER_NOTES = (
    "납품 전 담당자에게 연락 부탁드립니다.",
    "오전 중 납품 부탁드립니다.",
    "부서별로 나누어 포장해 주세요.",
    "세금계산서는 기관 이메일로 발행해 주세요.",
)


# ---------------------------------------------------------------------------------------------
# The plan: everything is drawn in memory first


@dataclass
class VendorPlan:
    vendor: Vendor
    brand: str
    tops: list[Top]
    popularity: float
    products: list[Product] = field(default_factory=list)
    leaves: list[Leaf] = field(default_factory=list)  # each product's leaf, same order
    days: list[dt.date] = field(default_factory=list)  # each product's publication day
    weights: list[float] = field(default_factory=list)

    @property
    def order_weight(self) -> float:
        """How often the vendor is ordered from: its appeal times its catalog's."""
        return self.popularity * sum(self.weights) ** 0.7


@dataclass
class Line:
    product: Product
    leaf: Leaf
    quantity: int
    unit_price_won: int

    @property
    def amount_won(self) -> int:
        return self.quantity * self.unit_price_won


@dataclass
class OrderPlan:
    placed_at: dt.datetime
    institution: Institution
    buyer: User | None
    plan: VendorPlan
    lines: list[Line]
    status_override: str = ""  # cancelled / returned; otherwise the timeline decides
    quoted: bool = False
    fixed: bool = False  # the line that takes a remainder: not scaled
    waiting: bool = False  # left for the vendor to confirm: the demo journey's next step

    @property
    def day(self) -> dt.date:
        return self.placed_at.astimezone(SEOUL).date()

    @property
    def total_won(self) -> int:
        return sum(line.amount_won for line in self.lines)


def load(stdout) -> None:
    staff = User.objects.filter(username=STAFF_LOGIN).first()
    member = User.objects.filter(username=MEMBER_LOGIN, role=Role.ENTERPRISE).first()
    if not Product.objects.filter(vendor__enterprise__is_sample=True).exists():
        figures = _Builder(staff=staff, member=member).build()
        stdout.write(
            "함께누리: 입점기업 {vendors}곳, 상품 {products}개, 구매 회원 {members}명, "
            "주문 {orders}건(2022년 9월말까지 {orders_2022}건, {sales:,}원)을 넣었습니다.".format(
                **figures
            )
        )
    linked = _link_demo_logins(staff=staff, member=member)
    stdout.write(f"함께누리: 데모 계정 연결 {linked}건을 확인했습니다.")


def _link_demo_logins(*, staff: User | None, member: User | None) -> int:
    """The `buyer` login buys for 은평구청 and the `enterprise` login's enterprise sells."""
    linked = 0
    buyer = User.objects.filter(username=BUYER_LOGIN, role=Role.BUYER).first()
    if buyer is not None and buyer.institution_id:
        membership = Membership.objects.filter(user=buyer).first() or Membership(
            user=buyer, applied_at=_at(dt.date(2021, 2, 26), 10)
        )
        if membership.status != MembershipStatus.APPROVED or membership.pk is None:
            membership.institution_id = buyer.institution_id
            membership.status = MembershipStatus.APPROVED
            membership.approved_on = dt.date(2021, 3, 2)
            membership.decided_by = staff
            membership.save()
        linked += 1
    if member is not None and member.enterprise_id:
        vendor = Vendor.objects.filter(enterprise_id=member.enterprise_id).first()
        if vendor is not None and vendor.status != VendorStatus.APPROVED:
            vendor.status = VendorStatus.APPROVED
            vendor.approved_on = vendor.approved_on or dt.date(2019, 5, 2)
            vendor.save(update_fields=["status", "approved_on", "updated_at"])
        linked += vendor is not None
    return linked


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SEOUL)


def _business_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _allocate(total: int, weights: list[float], *, minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainders), each at least `minimum`."""
    spare = total - minimum * len(weights)
    scale = spare / sum(weights)
    shares = [w * scale for w in weights]
    counts = [math.floor(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for i in order[: spare - sum(counts)]:
        counts[i] += 1
    return [c + minimum for c in counts]


def _brand(name: str) -> str:
    for form in ("주식회사 ", " 주식회사", "(주)", " 유한회사", "(유)", " 사회적협동조합",
                 " 협동조합", "(사)", "사단법인 "):  # fmt: skip
        name = name.replace(form, "")
    return name.strip()


class _Builder:
    """Draws the whole history from one random stream, then writes it."""

    def __init__(self, *, staff: User | None, member: User | None) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 (a reproducible demo, not a secret)
        self.staff = staff
        self.member = member
        self.categories: dict[str, Category] = {}
        self.plans: list[VendorPlan] = []
        self.members: dict[int, list[tuple[dt.date, User]]] = {}
        self.member_days: dict[int, list[dt.date]] = {}
        self.orders: list[OrderPlan] = []

    # -- orchestration ---------------------------------------------------------------------

    def build(self) -> dict:
        institutions = self._institutions()
        self._categories()
        self._vendors()
        self._products()
        users = self._members(institutions)
        self._orders(institutions)
        promotions = self._promotion_products()
        self._fix_totals(promotions)
        self._write_products()
        self._write_orders()
        self._promotions(promotions)
        self._open_quotes(institutions)
        self._targets_and_needs(institutions)
        catalog_services.product_reindex([p.pk for plan in self.plans for p in plan.products])
        counted = [o for o in self.orders if not o.status_override and o.day.year == 2022]
        return {
            "vendors": len(self.plans),
            "products": sum(len(plan.products) for plan in self.plans),
            "members": users,
            "orders": len(self.orders),
            "orders_2022": len(counted),
            "sales": sum(o.total_won for o in counted),
        }

    # -- institutions and categories -------------------------------------------------------

    def _institutions(self) -> list[tuple[Institution, int]]:
        existing = {i.name: i for i in Institution.objects.all()}
        new = [
            Institution(name=name, kind=kind, district=district)
            for name, kind, district, _weight in INSTITUTIONS
            if name not in existing
        ]
        Institution.objects.bulk_create(new)
        existing.update({i.name: i for i in new})
        return [(existing[name], weight) for name, _kind, _district, weight in INSTITUTIONS]

    def _categories(self) -> None:
        for top in CATALOG:
            for leaf in top.leaves:
                self.categories[leaf.name] = catalog_services.category_ensure(
                    path=[top.name, leaf.name]
                )

    # -- vendors and products --------------------------------------------------------------

    def _vendors(self) -> None:
        rng = self.rng
        samples = list(Enterprise.objects.filter(is_sample=True).order_by("brn"))
        taken = set(Vendor.objects.values_list("enterprise_id", flat=True))
        member_enterprise = self.member.enterprise_id if self.member else samples[0].pk
        # The second sample by brn took part in the 2022 추석 기획전 (its support record).
        self.featured = samples[2].pk if len(samples) > 2 else None
        others = [e for e in samples if e.pk not in (member_enterprise, self.featured)]
        queue = set(e.pk for e in rng.sample(others, len(samples) - VENDORS))
        applied = set(list(sorted(queue))[:APPLIED_VENDORS])
        vendors, events = [], []
        for enterprise in samples:
            if enterprise.pk in taken:
                continue
            kind = vendor_services.vendor_main_kind(enterprise)
            vendor = Vendor(
                enterprise=enterprise,
                kind=kind,
                district=enterprise.district,
                introduction=enterprise.business_description,
                applied_by=self.member if enterprise.pk == member_enterprise else None,
            )
            if enterprise.pk in applied:
                vendor.status = VendorStatus.APPLIED
                vendor.applied_at = _at(AS_OF - dt.timedelta(days=rng.randint(0, 20)), 14)
            elif enterprise.pk in queue:
                vendor.status = VendorStatus.REJECTED
                vendor.applied_at = _at(dt.date(2022, rng.randint(3, 8), 10), 11)
                vendor.decided_at = vendor.applied_at + dt.timedelta(days=6, hours=3)
                vendor.decided_by = self.staff
                vendor.decision_reason = rng.choice(REJECT_REASONS)
            else:
                approved = self._approval_day(enterprise.pk == member_enterprise)
                vendor.status = VendorStatus.APPROVED
                vendor.approved_on = approved
                vendor.applied_at = _at(approved - dt.timedelta(days=rng.randint(5, 20)), 10)
                vendor.decided_at = _at(approved, 15)
                vendor.decided_by = self.staff
            vendors.append(vendor)
            events.append(
                VendorEvent(
                    vendor=vendor,
                    status=vendor.status,
                    actor=self.staff if vendor.status != VendorStatus.APPLIED else None,
                    reason=vendor.decision_reason,
                )
            )
        Vendor.objects.bulk_create(vendors, batch_size=500)
        VendorEvent.objects.bulk_create(events, batch_size=500)
        Vendor.objects.filter(pk__in=[v.pk for v in vendors]).update(created_at=F("applied_at"))
        tops = {top.name: top for top in CATALOG}
        for vendor in vendors:
            if vendor.status != VendorStatus.APPROVED:
                continue
            enterprise = vendor.enterprise
            weights = INDUSTRY_TOPS.get(enterprise.industry, ANY_TOPS)
            names = list(weights)
            main = rng.choices(names, weights=list(weights.values()))[0]
            chosen = [tops[main]]
            if len(names) > 1 and rng.random() < 0.5:
                chosen.append(tops[rng.choice([n for n in names if n != main])])
            popularity = rng.lognormvariate(0, 0.9)
            if enterprise.pk == member_enterprise:
                chosen, popularity = [tops["업사이클 가방"], tops["생활용품"]], 6.0
            self.plans.append(VendorPlan(vendor, _brand(enterprise.name), chosen, popularity))
        self.member_plan = next(
            (p for p in self.plans if p.vendor.enterprise_id == member_enterprise), None
        )

    def _approval_day(self, is_member: bool) -> dt.date:
        if is_member:
            return dt.date(2019, 5, 2)
        rng = self.rng
        year = rng.choices((2016, 2017, 2018, 2019, 2020, 2021, 2022), (6, 8, 10, 12, 14, 16, 9))[0]
        last = dt.date(2022, 9, 20) if year == 2022 else dt.date(year, 12, 31)
        first = dt.date(year, 1, 2)
        return first + dt.timedelta(days=rng.randint(0, (last - first).days))

    def _products(self) -> None:
        rng = self.rng
        weights = [rng.lognormvariate(0, 1.0) for _ in self.plans]
        fixed = {id(self.member_plan): 24} if self.member_plan else {}
        spare = PRODUCTS - sum(fixed.values())
        free = [i for i, plan in enumerate(self.plans) if id(plan) not in fixed]
        counts = dict(
            zip(free, _allocate(spare, [weights[i] for i in free], minimum=1), strict=True)
        )
        for index, plan in enumerate(self.plans):
            count = fixed.get(id(plan), counts.get(index, 0))
            names: set[str] = set()
            start = max(plan.vendor.approved_on, dt.date(2016, 3, 2))
            span = (AS_OF - start).days
            for _ in range(count):
                top = rng.choice(plan.tops)
                leaf = rng.choice(top.leaves)
                name = self._product_name(plan, leaf, names)
                # Most of a vendor's products were listed soon after it joined.
                day = start + dt.timedelta(days=int(span * rng.random() ** 2.2))
                product = self._product(plan, top, leaf, name, day)
                plan.products.append(product)
                plan.leaves.append(leaf)
                plan.days.append(day)
                share = SERVICE_SHARE if leaf.service else 1.0
                plan.weights.append(rng.lognormvariate(0, 1.0) * share)
                product.demo_certifications = [
                    kind for kind, chance in leaf.certifications if rng.random() < chance
                ]
            # Listed in order of publication, so the products on sale at a date are a prefix.
            order = sorted(range(len(plan.products)), key=lambda i: plan.days[i])
            for attr in ("products", "leaves", "days", "weights"):
                values = getattr(plan, attr)
                setattr(plan, attr, [values[i] for i in order])

    def _write_products(self) -> None:
        """Products with their sales (counted from the planned orders) and certificates."""
        sales: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for order in self.orders:
            if not order.status_override:
                for line in order.lines:
                    totals = sales[id(line.product)]
                    totals[0] += line.amount_won
                    totals[1] += 1
        products = [product for plan in self.plans for product in plan.products]
        for product in products:
            product.sales_won, product.order_count = sales.get(id(product), (0, 0))
        Product.objects.bulk_create(products, batch_size=1000)
        ProductCertificate.objects.bulk_create(
            [
                ProductCertificate(product=product, kind=kind)
                for product in products
                for kind in product.demo_certifications
            ],
            batch_size=1000,
        )
        Product.objects.filter(pk__in=[p.pk for p in products]).update(created_at=F("published_at"))

    def _product_name(self, plan: VendorPlan, leaf: Leaf, taken: set[str]) -> str:
        rng = self.rng
        for attempt in range(8):
            parts = [rng.choice(leaf.items), rng.choice(leaf.variants)]
            if attempt > 2 or rng.random() < 0.3:
                parts.insert(0, plan.brand if rng.random() < 0.6 else rng.choice(BRAND_PREFIXES))
            name = " ".join(parts)
            if name not in taken:
                break
        else:
            name = f"{name} {len(taken) + 1}호"
        taken.add(name)
        return name

    def _product(self, plan: VendorPlan, top: Top, leaf: Leaf, name: str, day: dt.date):
        rng = self.rng
        low, high = leaf.price
        raw = math.exp(rng.uniform(math.log(low), math.log(high)))
        step = 100 if high <= 100_000 else 1_000 if high <= 1_000_000 else 10_000
        price = max(step, round(raw / step) * step)
        vendor = plan.vendor
        if leaf.service or leaf.made_to_order:
            stock = StockStatus.MADE_TO_ORDER
        else:
            stock = rng.choices(
                (StockStatus.IN_STOCK, StockStatus.LOW, StockStatus.OUT_OF_STOCK), (90, 6, 4)
            )[0]
        districts = ""
        if leaf.local and rng.random() < 0.8:
            nearby = {vendor.district, *rng.sample(DISTRICT_NAMES, rng.randint(2, 6))}
            districts = "," + ",".join(d for d in DISTRICT_NAMES if d in nearby) + ","
        sentences = [rng.choice(top.pitch), KIND_PITCH.get(vendor.kind, rng.choice(top.pitch))]
        return Product(
            vendor=vendor,
            name=name,
            category=self.categories[leaf.name],
            price_won=price,
            tax_type=TaxType.EXEMPT if leaf.exempt else TaxType.TAXABLE,
            unit=leaf.unit,
            min_order_quantity=rng.choice(leaf.min_quantity),
            lead_time_days=rng.randint(*leaf.lead),
            stock_status=stock,
            description=" ".join(sentences),
            classification_number=f"{leaf.code}{rng.randint(1, 40):02d}",
            delivery_districts=districts,
            status=ProductStatus.PUBLISHED,
            published_at=_at(day, rng.randint(9, 17), rng.randint(0, 59)),
            vendor_kind=vendor.kind,
            district=vendor.district,
        )

    # -- members ---------------------------------------------------------------------------

    def _members(self, institutions: list[tuple[Institution, int]]) -> int:
        rng = self.rng
        taken = set(User.objects.values_list("username", flat=True))
        buyer = User.objects.filter(username=BUYER_LOGIN, role=Role.BUYER).first()
        login = buyer if buyer and buyer.institution_id else None
        counts = _allocate(MEMBERS - (1 if login else 0), [w for _i, w in institutions], minimum=1)
        users, memberships = [], []
        serial = 0

        def new_user(institution: Institution) -> User:
            nonlocal serial
            while True:
                serial += 1
                username = f"mall-buyer-{serial:05d}"
                if username not in taken:
                    break
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            user = User(
                username=username,
                password=UNUSABLE_PASSWORD_PREFIX + f"{rng.getrandbits(128):032x}",
                role=Role.BUYER,
                display_name=name,
                institution=institution,
                is_active=True,
            )
            users.append(user)
            return user

        for (institution, _weight), count in zip(institutions, counts, strict=True):
            joined = []
            for index in range(count):
                user = new_user(institution)
                # Each institution's first member joined early, so it could order in 2021.
                approved = self._join_day(early=index == 0)
                memberships.append(self._membership(user, institution, approved))
                joined.append((approved, user))
            if login is not None and login.institution_id == institution.pk:
                joined.append((dt.date(2021, 3, 2), login))
            self.members[institution.pk] = sorted(joined, key=lambda pair: pair[0])
            self.member_days[institution.pk] = [day for day, _user in self.members[institution.pk]]
        waiting = rng.sample(institutions, PENDING_MEMBERS + REJECTED_MEMBERS)
        for index, (institution, _weight) in enumerate(waiting):
            user = new_user(institution)
            membership = Membership(
                user=user,
                institution=institution,
                applied_at=_at(AS_OF - dt.timedelta(days=rng.randint(0, 25)), 11),
            )
            if index >= PENDING_MEMBERS:
                membership.status = MembershipStatus.REJECTED
                membership.decided_by = self.staff
                membership.reason = (
                    "소속 기관을 확인할 수 없습니다. 기관 이메일로 다시 신청해 주세요."
                )
            memberships.append(membership)
        # Django's password check treats a password starting with "!" as unusable.
        User.objects.bulk_create(users, batch_size=1000)
        Membership.objects.bulk_create(memberships, batch_size=1000)
        Membership.objects.filter(pk__in=[m.pk for m in memberships]).update(
            created_at=F("applied_at")
        )
        if login is not None:
            Membership.objects.update_or_create(
                user=login,
                defaults={
                    "institution_id": login.institution_id,
                    "status": MembershipStatus.APPROVED,
                    "applied_at": _at(dt.date(2021, 2, 26), 10),
                    "approved_on": dt.date(2021, 3, 2),
                    "decided_by": self.staff,
                },
            )
        self.login = login
        return Membership.objects.filter(status=MembershipStatus.APPROVED).count()

    def _join_day(self, *, early: bool) -> dt.date:
        rng = self.rng
        if early:
            first, last = dt.date(2016, 3, 2), dt.date(2020, 12, 31)
        else:
            first, last = dt.date(2016, 3, 2), AS_OF
        # Membership grew over the years: later days are likelier.
        offset = int((last - first).days * rng.random() ** 0.6)
        return first + dt.timedelta(days=offset)

    def _membership(self, user: User, institution: Institution, approved: dt.date) -> Membership:
        return Membership(
            user=user,
            institution=institution,
            status=MembershipStatus.APPROVED,
            applied_at=_at(approved - dt.timedelta(days=self.rng.randint(1, 4)), 10),
            approved_on=approved,
            decided_by=self.staff,
        )

    # -- orders ----------------------------------------------------------------------------

    def _orders(self, institutions: list[tuple[Institution, int]]) -> None:
        rng = self.rng
        buyers = [(i, w) for i, w in institutions if self.members.get(i.pk)]
        self.by_district: dict[str, list[VendorPlan]] = defaultdict(list)
        for plan in self.plans:
            self.by_district[plan.vendor.district].append(plan)
        self.plans_by_approval = sorted(self.plans, key=lambda p: p.vendor.approved_on)
        self.approval_days = [p.vendor.approved_on for p in self.plans_by_approval]
        cumulative, total = [], 0.0
        for plan in self.plans_by_approval:
            total += plan.order_weight
            cumulative.append(total)
        self.cumulative = cumulative
        self.gift_plans = [plan for plan in self.plans if any(leaf.gift for leaf in plan.leaves)]
        for year, count, end in (
            (2021, ORDERS_2021, dt.date(2021, 12, 30)),
            (2022, ORDERS_2022, AS_OF),
        ):
            pool = [(i, w) for i, w in buyers if not (year == 2022 and i.name in NO_ORDERS_2022)]
            days = _business_days(dt.date(year, 1, 3), end)
            weights = [MONTH_WEIGHTS[d.month - 1] * (1.3 if _in_chuseok(d) else 1.0) for d in days]
            scripted = self._scripted(year, pool)
            for day, institution, plan in scripted:
                order = self._order(day, institution, plan)
                order.waiting = day >= AS_OF - dt.timedelta(days=1)
                self.orders.append(order)
            picked = rng.choices(days, weights=weights, k=count - len(scripted))
            chosen = rng.choices(pool, weights=[w for _i, w in pool], k=len(picked))
            for day, (institution, _weight) in zip(picked, chosen, strict=True):
                self.orders.append(self._order(day, institution, None))
            extra = CANCELLED_ORDERS + RETURNED_ORDERS if year == 2022 else 6
            for index in range(extra):
                day = rng.choice(days[:-10])
                institution = rng.choices(pool, weights=[w for _i, w in pool])[0][0]
                order = self._order(day, institution, None, allow_gifts=False)
                returned = year == 2022 and index >= CANCELLED_ORDERS
                order.status_override = OrderStatus.RETURNED if returned else OrderStatus.CANCELLED
                self.orders.append(order)
        self.orders.sort(key=lambda o: o.placed_at)

    def _scripted(self, year: int, pool) -> list[tuple[dt.date, Institution, VendorPlan]]:
        """Orders that make the demo logins' pages tell a story: 은평구청 buying from the
        member's vendor, a few of them still waiting for the vendor at the end of September."""
        if year != 2022 or self.member_plan is None:
            return []
        home = next((i for i, _w in pool if i.name == BUYER_INSTITUTION), None)
        if home is None:
            return []
        days = [dt.date(2022, m, d) for m, d in ((3, 15), (5, 10), (6, 21), (8, 23), (9, 5))]
        days += [dt.date(2022, 9, 22), dt.date(2022, 9, 27), dt.date(2022, 9, 29), AS_OF]
        return [(day, home, self.member_plan) for day in days]

    def _order(
        self,
        day: dt.date,
        institution: Institution,
        plan: VendorPlan | None,
        *,
        allow_gifts: bool = True,
    ) -> OrderPlan:
        rng = self.rng
        placed_at = _at(day, rng.randint(9, 17), rng.randint(0, 59))
        buyer = self._buyer(institution, day)
        gift = (
            allow_gifts
            and plan is None
            and _in_chuseok(day)
            and rng.random() < GIFT_SHARE[day.year]
        )
        indexes: list[int] = []
        attempt = 0
        while not indexes:
            # A gift vendor may have listed no gift yet; after a few tries, buy anything.
            gift = gift and attempt < 10
            chosen = plan or self._vendor_for(day, institution, gift=gift)
            available = bisect.bisect_right(chosen.days, day)
            indexes = [i for i in range(available) if not gift or chosen.leaves[i].gift]
            attempt += 1
        lines = self._lines(chosen, indexes)
        return OrderPlan(placed_at, institution, buyer, chosen, lines)

    def _buyer(self, institution: Institution, day: dt.date) -> User | None:
        joined = self.members[institution.pk]
        available = bisect.bisect_right(self.member_days[institution.pk], day) or 1
        if (
            self.login is not None
            and self.login.institution_id == institution.pk
            and day >= dt.date(2021, 3, 2)
            and self.rng.random() < 0.35
        ):
            return self.login
        return self.rng.choice(joined[:available])[1]

    def _vendor_for(self, day: dt.date, institution: Institution, *, gift: bool) -> VendorPlan:
        rng = self.rng
        if gift:
            return rng.choice(self.gift_plans)
        if institution.district and rng.random() < 0.3:
            local = [
                p for p in self.by_district[institution.district] if p.vendor.approved_on <= day
            ]
            if local:
                return rng.choices(local, weights=[p.order_weight for p in local])[0]
        available = bisect.bisect_right(self.approval_days, day)
        point = rng.random() * self.cumulative[available - 1]
        return self.plans_by_approval[bisect.bisect_left(self.cumulative, point, hi=available)]

    def _lines(self, plan: VendorPlan, indexes: list[int]) -> list[Line]:
        """One service (a job is ordered alone), or one to five goods."""
        rng = self.rng
        first = rng.choices(indexes, weights=[plan.weights[i] for i in indexes])[0]
        picked = {first}
        if not plan.leaves[first].service:
            goods = [i for i in indexes if not plan.leaves[i].service]
            count = min(len(goods), rng.choices((1, 2, 3, 4, 5), (50, 28, 12, 6, 4))[0])
            weights = [plan.weights[i] for i in goods]
            while len(picked) < count:
                picked.add(rng.choices(goods, weights=weights)[0])
        lines = []
        for i in sorted(picked):
            product, leaf = plan.products[i], plan.leaves[i]
            if leaf.service:
                quantity = 1
            else:
                target = rng.lognormvariate(math.log(leaf.line_won), 0.7)
                quantity = max(product.min_order_quantity, round(target / product.price_won))
            lines.append(Line(product, leaf, quantity, product.price_won))
        return lines

    # -- promotions and exact totals -------------------------------------------------------

    def _promotion_products(self) -> dict[str, list[Product]]:
        """The curated products of each 추석 기획전: gifts listed before it began, plus the
        featured sample enterprise's products in 2022."""
        rng = self.rng
        curated = {}
        for (title, starts, _ends), size in ((CHUSEOK_2021, 80), (CHUSEOK_2022, 120)):
            cutoff = starts - dt.timedelta(days=7)
            gifts = [
                product
                for plan in self.gift_plans
                for product, leaf, day in zip(plan.products, plan.leaves, plan.days, strict=True)
                if leaf.gift and day <= cutoff
            ]
            # Products that sold in the period are the ones a curator would have picked.
            sold = {
                id(line.product)
                for order in self.orders
                if starts <= order.day <= _ends
                for line in order.lines
            }
            ranked = sorted(gifts, key=lambda p: (id(p) not in sold, rng.random()))
            chosen = ranked[:size]
            if title == CHUSEOK_2022[0] and self.featured is not None:
                featured = next(
                    (p for p in self.plans if p.vendor.enterprise_id == self.featured), None
                )
                if featured is not None:
                    chosen += [p for p in featured.products[:3] if p not in chosen]
            curated[title] = chosen
        zero_waste = [
            product
            for plan in self.plans
            for product, leaf in zip(plan.products, plan.leaves, strict=True)
            if leaf.name in ("친환경 세제", "대나무 칫솔", "샴푸바·고체비누", "다회용기·텀블러",
                             "현수막 가방", "폐플라스틱 소품")
        ]  # fmt: skip
        curated[ZERO_WASTE[0]] = rng.sample(zero_waste, min(60, len(zero_waste)))
        return curated

    def _fix_totals(self, curated: dict[str, list[Product]]) -> None:
        """Scale quantities so that each exact figure is reached, the last won by a quoted
        line: the 추석 promotions' sales first, then 2022's total sales."""
        for (title, starts, ends), target in (
            (CHUSEOK_2021, CHUSEOK_2021_WON),
            (CHUSEOK_2022, CHUSEOK_2022_WON),
        ):
            chosen = {id(p) for p in curated[title]}
            in_period = [
                o for o in self.orders if starts <= o.day <= ends and not o.status_override
            ]
            lines = [line for o in in_period for line in o.lines if id(line.product) in chosen]
            self._hit(lines, self._adjuster(in_period, chosen=chosen), target)
        counted = [o for o in self.orders if o.day.year == 2022 and not o.status_override]
        promoted = {id(p) for p in curated[CHUSEOK_2022[0]]}
        starts, ends = CHUSEOK_2022[1], CHUSEOK_2022[2]
        frozen = {
            id(line)
            for o in counted
            if starts <= o.day <= ends
            for line in o.lines
            if id(line.product) in promoted
        }
        fixed = sum(line.amount_won for o in counted for line in o.lines if id(line) in frozen)
        free = [line for o in counted if not o.fixed for line in o.lines if id(line) not in frozen]
        september = [o for o in counted if o.day.month == 9]
        self._hit(free, self._adjuster(september, avoid=promoted), SALES_2022_WON - fixed)

    @staticmethod
    def _adjuster(orders: list[OrderPlan], *, chosen=None, avoid=frozenset()) -> Line:
        """The quoted line that takes a remainder: a bulk order of a curated gift late in the
        promotion, or September's biggest service contract."""
        if chosen is not None:
            candidates = [
                o
                for o in reversed(orders)
                if len(o.lines) == 1 and id(o.lines[0].product) in chosen
            ]
        else:
            candidates = sorted(
                (
                    o
                    for o in orders
                    if len(o.lines) == 1
                    and o.lines[0].leaf.service
                    and id(o.lines[0].product) not in avoid
                ),
                key=lambda o: -o.lines[0].amount_won,
            )
        order = next(o for o in candidates if not o.fixed)
        order.fixed = order.quoted = True
        line = order.lines[0]
        if not line.leaf.service:
            line.quantity = 50
        return line

    def _hit(self, lines: list[Line], adjuster: Line, target: int) -> None:
        """Make the lines and the adjuster sum to `target` exactly, the adjuster keeping its
        quantity and a price within a fifth of the catalog's."""
        rng = self.rng
        lines = [line for line in lines if line is not adjuster]
        reserve = adjuster.amount_won
        goal = target - reserve
        for _round in range(3):
            factor = goal / sum(line.amount_won for line in lines)
            for line in lines:
                if not line.leaf.service:
                    scaled = max(line.product.min_order_quantity, round(line.quantity * factor))
                    line.quantity = scaled
        # Nudge single units until what is left is close to the adjuster's catalog amount.
        scalable = [line for line in lines if not line.leaf.service]
        gap = goal - sum(line.amount_won for line in lines)
        for _step in range(1_000_000):
            if abs(gap) <= reserve // 5:
                break
            line = rng.choice(scalable)
            if gap > 0 and line.unit_price_won <= gap:
                line.quantity += 1
                gap -= line.unit_price_won
            elif gap < 0 and line.quantity > line.product.min_order_quantity:
                line.quantity -= 1
                gap += line.unit_price_won
        remainder = target - sum(line.amount_won for line in lines)
        if remainder % adjuster.quantity or abs(remainder - reserve) > reserve // 5:
            raise RuntimeError(f"demo totals: {remainder:,} won left for {adjuster.product}")
        adjuster.unit_price_won = remainder // adjuster.quantity

    # -- writing orders --------------------------------------------------------------------

    def _write_orders(self) -> None:
        rng = self.rng
        orders, lines, events, requests, request_items, quotes, quote_items = (
            [],
            [],
            [],
            [],
            [],
            [],
            [],
        )
        counters: dict[dt.date, int] = defaultdict(int)
        member_user = {self.member_plan.vendor.pk: self.member} if self.member_plan else {}
        for plan in self.orders:
            day = plan.day
            counters[day] += 1
            sequence = counters[day]
            vendor = plan.plan.vendor
            departments = DEPARTMENTS.get(plan.institution.kind, DEPARTMENTS[_O])
            order = Order(
                number=f"{day:%Y%m%d}-{sequence:04d}",
                order_date=day,
                sequence=sequence,
                placed_at=plan.placed_at,
                institution=plan.institution,
                buyer=plan.buyer,
                vendor=vendor,
                vendor_kind=vendor.kind,
                total_won=plan.total_won,
                delivery_address=f"{plan.institution.name} {rng.choice(departments)}",
                note=rng.choice(ORDER_NOTES) if rng.random() < 0.15 else "",
            )
            if (
                plan.quoted
                or any(line.leaf.service for line in plan.lines)
                or (plan.total_won >= 3_000_000 and rng.random() < 0.5)
            ):
                order.quote = self._quote(plan, requests, request_items, quotes, quote_items)
            orders.append(order)
            for line in plan.lines:
                lines.append(
                    OrderLine(
                        order=order,
                        product=line.product,
                        product_name=line.product.name,
                        unit=line.product.unit,
                        quantity=line.quantity,
                        unit_price_won=line.unit_price_won,
                        amount_won=line.amount_won,
                        tax_type=line.product.tax_type,
                    )
                )
            events.extend(self._timeline(plan, order, member_user.get(vendor.pk)))
        QuoteRequest.objects.bulk_create(requests, batch_size=1000)
        QuoteRequestItem.objects.bulk_create(request_items, batch_size=1000)
        Quote.objects.bulk_create(quotes, batch_size=1000)
        QuoteItem.objects.bulk_create(quote_items, batch_size=1000)
        self._backdate(requests, quotes)
        Order.objects.bulk_create(orders, batch_size=1000)
        OrderLine.objects.bulk_create(lines, batch_size=2000)
        OrderEvent.objects.bulk_create(events, batch_size=2000)
        Order.objects.filter(pk__in=[o.pk for o in orders]).update(
            created_at=F("placed_at"), updated_at=F("placed_at")
        )
        existing = set(OrderDayCounter.objects.values_list("day", flat=True))
        OrderDayCounter.objects.bulk_create(
            [OrderDayCounter(day=d, last=n) for d, n in counters.items() if d not in existing],
            batch_size=1000,
        )

    def _quote(self, plan: OrderPlan, requests, request_items, quotes, quote_items) -> Quote:
        rng = self.rng
        requested_at = plan.placed_at - dt.timedelta(
            days=rng.randint(4, 12), hours=rng.randint(0, 3)
        )
        request = QuoteRequest(
            institution=plan.institution,
            requested_by=plan.buyer,
            vendor=plan.plan.vendor,
            status=QuoteRequestStatus.ORDERED,
            message="견적서를 보내 주시면 검토 후 주문하겠습니다.",
            needed_by=plan.day + dt.timedelta(days=rng.randint(10, 30)),
            delivery_address=plan.institution.name,
        )
        request._demo_at = requested_at
        quoted_at = requested_at + dt.timedelta(days=rng.randint(1, 3))
        quote = Quote(
            request=request,
            valid_until=quoted_at.date() + dt.timedelta(days=30),
            total_won=plan.total_won,
            note="부가세 포함 금액입니다.",
        )
        quote._demo_at = quoted_at
        requests.append(request)
        quotes.append(quote)
        for line in plan.lines:
            request_items.append(
                QuoteRequestItem(request=request, product=line.product, quantity=line.quantity)
            )
            quote_items.append(
                QuoteItem(
                    quote=quote,
                    product=line.product,
                    name=line.product.name,
                    unit=line.product.unit,
                    quantity=line.quantity,
                    unit_price_won=line.unit_price_won,
                    amount_won=line.amount_won,
                )
            )
        return quote

    @staticmethod
    def _backdate(*groups) -> None:
        """bulk_create stamps created_at with now; put back the days the history happened."""
        for objects in groups:
            if not objects:
                continue
            for obj in objects:
                obj.created_at = obj.updated_at = obj._demo_at
            type(objects[0]).objects.bulk_update(
                objects, ["created_at", "updated_at"], batch_size=500
            )

    def _timeline(self, plan: OrderPlan, order: Order, vendor_user: User | None):
        """The order's steps up to AS_OF: confirmed, shipped, delivered (with the tax invoice),
        accepted and paid, at plausible intervals; the status is where the steps stop."""
        rng = self.rng
        buyer = plan.buyer
        at = plan.placed_at
        events = [OrderEvent(order=order, from_status="", to_status=OrderStatus.PLACED,
                             actor=buyer, at=at)]  # fmt: skip
        status = OrderStatus.PLACED
        limit = _at(AS_OF, 23, 59)

        def step(to_status, days, actor, note=""):
            nonlocal at, status
            # Steps happen in office hours, later than the one before.
            day = at.astimezone(SEOUL).date() + dt.timedelta(days=days)
            at = max(_at(day, rng.randint(9, 17), rng.randint(0, 59)), at + dt.timedelta(hours=1))
            if at > limit:
                return False
            events.append(OrderEvent(order=order, from_status=status, to_status=to_status,
                                     actor=actor, at=at, note=note))  # fmt: skip
            status = to_status
            return True

        if plan.waiting:
            return events
        # A returned order went quickly, so that it is back before AS_OF and counts nowhere.
        lead = 2 if plan.status_override else max(1, plan.lines[0].product.lead_time_days)
        if plan.status_override == OrderStatus.CANCELLED:
            by_vendor = rng.random() < 0.3
            reason = CANCEL_REASONS[3] if by_vendor else rng.choice(CANCEL_REASONS[:3])
            step(
                OrderStatus.CANCELLED,
                rng.randint(0, 2),
                vendor_user if by_vendor else buyer,
                reason,
            )
            order.status = status
            return events
        done = (
            step(OrderStatus.CONFIRMED, rng.randint(0, 1), vendor_user)
            and step(OrderStatus.SHIPPED, rng.randint(1, lead), vendor_user)
            and step(OrderStatus.DELIVERED, rng.randint(1, 2), vendor_user)
        )
        if done:
            issued = at.astimezone(SEOUL).date()
            order.tax_invoice_number = (
                f"{issued:%Y%m%d}-41000{rng.randint(0, 999):03d}-{rng.randint(0, 10**8 - 1):08d}"
            )
            order.tax_invoice_date = issued
            events.append(
                OrderEvent(
                    order=order,
                    from_status=status,
                    to_status=status,
                    actor=vendor_user,
                    at=at + dt.timedelta(minutes=30),
                    note=f"세금계산서 {order.tax_invoice_number} 발행 ({issued.isoformat()})",
                )
            )
            if plan.status_override == OrderStatus.RETURNED:
                step(OrderStatus.RETURN_REQUESTED, 1, buyer, rng.choice(RETURN_REASONS))
                step(OrderStatus.RETURNED, rng.randint(1, 3), vendor_user)
            elif step(OrderStatus.ACCEPTED, rng.randint(1, 4), buyer) and step(
                OrderStatus.COMPLETED, rng.randint(3, 20), buyer
            ):
                order.paid_on = at.astimezone(SEOUL).date()
        order.status = status
        return events

    def _promotions(self, curated: dict[str, list[Product]]) -> None:
        specs = (
            (CHUSEOK_2021, PromotionSeries.CHUSEOK, "추석 명절 선물", True,
             "사회적경제기업이 만든 추석 선물을 한자리에 모았습니다."),
            (CHUSEOK_2022, PromotionSeries.CHUSEOK, "추석 명절 선물", True,
             "지역의 사회적경제기업이 정성껏 준비한 추석 선물세트와 답례품 기획전입니다."),
            (ZERO_WASTE, PromotionSeries.ZERO_WASTE, "제로웨이스트", False,
             "일회용품을 줄이는 생활용품과 업사이클 제품으로 공공기관의 탄소중립 실천을 돕습니다."),
        )  # fmt: skip
        previous = None
        for (title, starts, ends), series, theme, published, description in specs:
            promotion = Promotion.objects.filter(title=title).first() or Promotion.objects.create(
                title=title,
                series=series,
                theme=theme,
                description=description,
                starts_on=starts,
                ends_on=ends,
                is_published=published,
                previous=previous if series == PromotionSeries.CHUSEOK else None,
            )
            PromotionProduct.objects.bulk_create(
                [
                    PromotionProduct(promotion=promotion, product=product, sort_order=index)
                    for index, product in enumerate(curated[title])
                ],
                ignore_conflicts=True,
            )
            previous = promotion

    # -- open quotes, targets, needs -------------------------------------------------------

    def _open_quotes(self, institutions: list[tuple[Institution, int]]) -> None:
        """Quote requests of the last days of September that are still open (or declined),
        some of them between the demo logins."""
        rng = self.rng
        pool = [(i, w) for i, w in institutions if self.members.get(i.pk)]
        home = next((i for i, _w in pool if i.name == BUYER_INSTITUTION), None)
        plans = []
        for index in range(80):
            institution = rng.choices(pool, weights=[w for _i, w in pool])[0][0]
            vendor_plan = None
            if home is not None and self.member_plan is not None and index < 5:
                institution, vendor_plan = (home if index < 4 else institution), self.member_plan
            day = AS_OF - dt.timedelta(days=rng.randint(0, 12))
            plans.append((day, institution, vendor_plan))
        requests, request_items, quotes, quote_items = [], [], [], []
        statuses = (
            [QuoteRequestStatus.REQUESTED] * 40
            + [QuoteRequestStatus.QUOTED] * 28
            + [QuoteRequestStatus.DECLINED] * 8
            + [QuoteRequestStatus.CANCELLED] * 4
        )
        for (day, institution, vendor_plan), status in zip(plans, statuses, strict=True):
            order = self._order(day, institution, vendor_plan, allow_gifts=False)
            request = QuoteRequest(
                institution=institution,
                requested_by=order.buyer,
                vendor=order.plan.vendor,
                status=status,
                message=rng.choice(
                    (
                        "단가와 납기 확인 부탁드립니다.",
                        "기관 로고 인쇄가 가능한지 알려 주세요.",
                        "부가세 포함 견적 부탁드립니다.",
                        "",
                    )
                ),  # fmt: skip
                needed_by=day + dt.timedelta(days=rng.randint(14, 40)),
                delivery_address=institution.name,
            )
            request._demo_at = order.placed_at
            if status == QuoteRequestStatus.DECLINED:
                request.decline_reason = rng.choice(DECLINE_REASONS)
            requests.append(request)
            for line in order.lines:
                request_items.append(
                    QuoteRequestItem(request=request, product=line.product, quantity=line.quantity)
                )
            if status == QuoteRequestStatus.QUOTED:
                quote = Quote(
                    request=request,
                    valid_until=day + dt.timedelta(days=30),
                    total_won=order.total_won,
                    note="부가세 포함, 배송비 포함 금액입니다.",
                )
                quote._demo_at = order.placed_at + dt.timedelta(days=1)
                quotes.append(quote)
                quote_items.extend(
                    QuoteItem(quote=quote, product=line.product, name=line.product.name,
                              unit=line.product.unit, quantity=line.quantity,
                              unit_price_won=line.unit_price_won, amount_won=line.amount_won)
                    for line in order.lines
                )  # fmt: skip
        QuoteRequest.objects.bulk_create(requests)
        QuoteRequestItem.objects.bulk_create(request_items)
        Quote.objects.bulk_create(quotes)
        QuoteItem.objects.bulk_create(quote_items)
        self._backdate(requests, quotes)
        if self.login is not None and self.member_plan is not None:
            products = self.member_plan.products[:2]
            CartItem.objects.bulk_create(
                [CartItem(user=self.login, product=p, quantity=max(p.min_order_quantity, 20))
                 for p in products],
                ignore_conflicts=True,
            )  # fmt: skip

    def _targets_and_needs(self, institutions: list[tuple[Institution, int]]) -> None:
        rng = self.rng
        bought: dict[int, int] = defaultdict(int)
        for order in self.orders:
            if order.day.year == 2022 and not order.status_override:
                bought[order.institution.pk] += order.total_won
        for institution, _weight in institutions:
            if rng.random() < 0.12:
                continue  # no target set yet
            # Targets are set for the year; by September most are 50–90% on their way.
            expected = max(bought[institution.pk] * rng.uniform(1.2, 2.0), 5_000_000)
            target_won = int(round(expected, -6))
            if institution.kind == _P and rng.random() < 0.6:
                percent = rng.choice((3, 4, 5, 7, 10))
                institution_services.purchase_target_set(
                    institution=institution,
                    year=2022,
                    kind=TargetKind.PERCENT,
                    target_percent=percent,
                    total_purchases_won=int(round(target_won * 100 / percent, -6)),
                )
            else:
                institution_services.purchase_target_set(
                    institution=institution,
                    year=2022,
                    kind=TargetKind.AMOUNT,
                    target_won=target_won,
                )
        home = next((i for i, _w in institutions if i.name == BUYER_INSTITUTION), None)
        if home is None or home.buying_needs.exists():
            return
        needs = (
            ("친환경 주방세제", "주방세제", "친환경 세제", ["eco"], [], 15_000, "은평구"),
            ("대나무 칫솔 (직원 복지)", "대나무 칫솔", "대나무 칫솔", [], [], 3_000, ""),
            ("행사용 도시락", "도시락", "도시락", [], ["social_enterprise"], 12_000, "은평구"),
            ("청사 방역 소독", "방역", "방역·소독", [], ["self_sufficiency", "social_enterprise"],
             None, "은평구"),
            ("홍보용 에코백", "에코백", "현수막 가방", ["eco"], [], 10_000, ""),
        )  # fmt: skip
        for title, keywords, leaf, certifications, kinds, price, district in needs:
            institution_services.buying_need_save(
                institution=home,
                title=title,
                keywords=keywords,
                category=self.categories[leaf],
                certifications=certifications,
                vendor_kinds=kinds,
                max_unit_price_won=price,
                delivery_district=district,
            )


def _in_chuseok(day: dt.date) -> bool:
    return any(starts <= day <= ends for _t, starts, ends in (CHUSEOK_2021, CHUSEOK_2022))
