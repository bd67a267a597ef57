"""Demo data: the seed's 2022 budget (as of '22.10월말, 천원 in the seed, won here) and a ledger
whose entries add up, per leaf, to the seed's executed amounts. Loaded through the same import
services as a staff member's files, so the demo obeys every rule the files do."""

import datetime as dt

from ieum.core.permissions import system_actor
from ieum.core.tabular import Table, TableRow

from .importing import BUDGET_HEADERS, LEDGER_HEADERS, budget_import, ledger_import
from .models import Expenditure

YEAR = 2022
THOUSAND = 1000

# (code, parent code, 구분, 사업명, 예산액 in 천원) — the seed's "2022년 예산 현황".
BUDGET = (
    ("0000", "", "총계", "총계", 4_642_570),
    ("1000", "0000", "구분", "인건비", 1_536_596),
    ("2000", "0000", "구분", "운영비", 225_000),
    ("3000", "0000", "구분", "총사업비", 2_859_786),
    ("3100", "3000", "사업", "1. 판로지원 강화", 1_499_556),
    ("3110", "3100", "세부사업", "가치플랫폼 캐빈닷넷 운영", 484_040),
    ("3120", "3100", "세부사업", "민간판로지원", 263_283),
    ("3130", "3100", "세부사업", "공공판로지원 및 함께누리 운영", 752_233),
    ("3200", "3000", "사업", "2. 기업 맞춤형 성장지원", 1_158_630),
    ("3210", "3200", "세부사업", "공간 운영", 584_940),
    ("3220", "3200", "세부사업", "마을기업 발굴 및 활성화", 350_813),
    ("3230", "3200", "세부사업", "가치 기반 성장지원", 122_877),
    ("3240", "3200", "세부사업", "사회적경제 연구", 100_000),
    ("3300", "3000", "사업", "3. 인재양성·홍보", 201_600),
    ("3310", "3300", "세부사업", "대상 및 분야별 교육", 100_000),
    ("3320", "3300", "세부사업", "시민 소통 및 확산", 101_600),
    ("4000", "0000", "구분", "일반관리비", 21_188),
)

# Per leaf: the seed's executed amount to 2022-10-31 in 천원, then the entries as
# (month, day, share, counterparty, description). Shares split the amount; a refund is a fixed
# negative amount in 천원 instead of a share, and the shares make up for it.
LEDGER = {
    "1000": (
        1_078_502,
        [
            (month, 25, 10, "센터 직원", f"{month}월 급여 및 4대보험 사업주부담분")
            for month in range(1, 11)
        ]
        + [(7, 15, 3, "센터 직원", "상반기 성과상여금")],
    ),
    "2000": (
        159_713,
        [
            (1, 10, 4, "㈜한빛사무기기", "복합기 임차료(1분기)"),
            (2, 28, 3, "서울에너지공사", "공간 관리비·전기료(1~2월)"),
            (4, 12, 4, "㈜한빛사무기기", "복합기 임차료(2분기)"),
            (5, 31, 3, "서울에너지공사", "공간 관리비·전기료(3~5월)"),
            (6, 20, 2, "우리동네 협동조합", "사무용 소모품 구입"),
            (7, 11, 4, "㈜한빛사무기기", "복합기 임차료(3분기)"),
            (8, 31, 3, "서울에너지공사", "공간 관리비·전기료(6~8월)"),
            (9, 14, 2, "㈜클라우드웍스", "그룹웨어 사용료"),
            (10, 5, 2, "우리동네 협동조합", "사무용 소모품 구입"),
        ],
    ),
    "3110": (
        236_014,
        [
            (2, 18, 5, "㈜가치미디어", "캐빈닷넷 콘텐츠 제작(1차)"),
            (4, 22, 4, "㈜가치미디어", "캐빈닷넷 콘텐츠 제작(2차)"),
            (6, 10, 3, "㈜웹이음", "캐빈닷넷 플랫폼 유지보수(상반기)"),
            (7, 29, 4, "㈜소셜애드", "캐빈닷넷 SNS 홍보·마케팅"),
            (9, 16, 5, "㈜가치미디어", "캐빈닷넷 콘텐츠 제작(3차)"),
            (10, 21, 2, "㈜웹이음", "캐빈닷넷 플랫폼 기능 개선"),
        ],
    ),
    "3120": (
        61_337,
        [
            (3, 25, 2, "(사)유통지원네트워크", "민간판로 역량강화 컨설팅 위탁"),
            (6, 17, 3, "㈜커머스랩", "유통채널 기획전(11번가) 운영"),
            (8, 26, 3, "㈜커머스랩", "유통채널 기획전(쿠팡·와디즈) 운영"),
            (9, 30, -1_250, "(사)유통지원네트워크", "컨설팅 미집행분 환입"),
            (10, 14, 2, "㈜체험마켓", "사회적경제 체험단 운영"),
        ],
    ),
    "3130": (
        417_343,
        [
            (1, 28, 3, "㈜누리시스템", "함께누리몰 유지관리(1분기)"),
            (3, 18, 2, "㈜공공마케팅", "공공구매 비대면 설명회 개최"),
            (4, 29, 3, "㈜누리시스템", "함께누리몰 유지관리(2분기)"),
            (6, 24, 4, "㈜공공마케팅", "함께누리 입점기업 홍보마케팅"),
            (7, 29, 3, "㈜누리시스템", "함께누리몰 유지관리(3분기)"),
            (9, 2, 4, "㈜공공마케팅", "함께누리 추석 기획전"),
            (10, 19, 3, "(사)공공조달연구소", "공공조달 특화 컨설팅"),
        ],
    ),
    "3210": (
        358_180,
        [
            (1, 31, 4, "㈜서울시설관리", "가락·개봉 공간 시설관리 용역(1분기)"),
            (3, 15, 3, "㈜다온인테리어", "가락공간 재장비 및 환경개선"),
            (4, 30, 4, "㈜서울시설관리", "가락·개봉 공간 시설관리 용역(2분기)"),
            (6, 30, 2, "(사)공간코칭", "4대 공간 업종별 특화 컨설팅"),
            (7, 31, 4, "㈜서울시설관리", "가락·개봉 공간 시설관리 용역(3분기)"),
            (8, 22, -2_400, "㈜다온인테리어", "환경개선 공사 정산 반납"),
            (10, 12, 2, "(사)공간코칭", "입주기업 법률·특허 자문"),
        ],
    ),
    "3220": (
        130_000,
        [
            (4, 8, 3, "(사)마을과이음", "마을기업 발굴 교육"),
            (6, 3, 3, "(사)마을과이음", "마을기업 비즈니스 역량강화 컨설팅"),
            (8, 25, 2, "㈜로컬랩", "마을기업간 네트워킹·협업사업"),
            (10, 7, 2, "(사)마을과이음", "마을기업 현지실사 및 지정 심사"),
        ],
    ),
    "3230": (
        83_000,
        [
            (3, 30, 3, "㈜가치측정연구소", "S-SVI 자가측정 플랫폼 운영"),
            (6, 29, 2, "㈜가치측정연구소", "S-SVI 측정 지원"),
            (9, 28, 3, "(사)임팩트자문단", "가치기반 역량강화 컨설팅"),
        ],
    ),
    "3240": (
        47_859,
        [
            (5, 20, 2, "한국리서치㈜", "사회적경제 패널조사 실사(1차)"),
            (8, 19, 2, "한국리서치㈜", "사회적경제 패널조사 실사(2차)"),
            (10, 28, 1, "신진연구단", "현안연구 연구비"),
        ],
    ),
    "3310": (
        68_258,
        [
            (3, 11, 2, "(사)사회적경제교육원", "대상 및 분야별 교육 운영(1기)"),
            (6, 16, 3, "㈜콘텐츠공방", "MZ세대 맞춤형 교육 콘텐츠 제작"),
            (9, 23, 2, "(사)사회적경제교육원", "대상 및 분야별 교육 운영(2기)"),
        ],
    ),
    "3320": (
        21_946,
        [
            (2, 25, 1, "㈜뉴스레터랩", "뉴스레터 발송 서비스"),
            (5, 27, 2, "㈜소셜애드", "시민 소통 SNS 캠페인"),
            (9, 8, 2, "㈜행사기획이음", "시민참여행사 운영"),
        ],
    ),
    "4000": (
        10_600,
        [
            (3, 31, 1, "회계법인 바른", "외부 회계감사 수수료"),
            (6, 30, 1, "서울보증보험㈜", "보증보험료"),
            (9, 30, 1, "회계법인 바른", "결산 자문 수수료"),
        ],
    ),
}


def ledger_rows() -> list[tuple[dt.date, str, int, str, str]]:
    """(date, code, won, counterparty, description) for every entry, in date order."""
    rows = []
    for code, (executed, entries) in LEDGER.items():
        refunds = sum(share for _m, _d, share, _c, _t in entries if share < 0)
        shares = [share for _m, _d, share, _c, _t in entries if share > 0]
        to_split = (executed - refunds) * THOUSAND
        left, total_shares = to_split, sum(shares)
        positive_seen = 0
        for month, day, share, counterparty, text in entries:
            if share < 0:
                amount = share * THOUSAND
            else:
                positive_seen += 1
                if positive_seen == len(shares):
                    amount = left
                else:
                    # Whole 천원 per entry; the last entry takes what is left.
                    amount = to_split * share // total_shares // THOUSAND * THOUSAND
                left -= amount
            rows.append((dt.date(YEAR, month, day), code, amount, counterparty, text))
    return sorted(rows, key=lambda row: (row[0], row[1]))


def _table(headers: tuple[str, ...], rows) -> Table:
    return Table(
        headers=list(headers),
        source_headers={header: header for header in headers},
        header_row=1,
        rows=[
            TableRow(number, dict(zip(headers, values, strict=True)))
            for number, values in enumerate(rows, 2)
        ],
    )


def load(stdout) -> None:
    budget = budget_import(
        actor=system_actor(),
        year=YEAR,
        table=_table(
            BUDGET_HEADERS,
            [
                (code, parent, kind, name, amount * THOUSAND)
                for code, parent, kind, name, amount in BUDGET
            ],
        ),
    )
    if budget.errors:
        raise RuntimeError("; ".join(str(error) for error in budget.errors))
    if Expenditure.objects.filter(line__fiscal_year__year=YEAR).exists():
        stdout.write(f"예산: {YEAR}년 예산과 집행 내역이 이미 있습니다.")
        return
    ledger = ledger_import(
        actor=system_actor(),
        year=YEAR,
        table=_table(
            LEDGER_HEADERS,
            [
                (day.isoformat(), code, amount, who, text)
                for day, code, amount, who, text in ledger_rows()
            ],
        ),
    )
    if ledger.errors:
        raise RuntimeError("; ".join(str(error) for error in ledger.errors))
    stdout.write(f"예산: {YEAR}년 예산 {len(BUDGET)}개 항목, 집행 내역 {ledger.created}건")
