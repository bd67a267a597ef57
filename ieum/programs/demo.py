"""The 2022 business lines as section 3 of the business report describes them.

Figures are the report's 추진현황 as of 2022-10-31, entered as manual KPI values, except the
mall's: those are computed from the mall's data (ieum/mall/kpis.py), the five figures of its
table counted until 2022-09-30 as the report prints them. Every row is keyed on its natural
key, so loading twice leaves the same rows; a database loaded before the mall's figures were
computed has their manual values removed when the demo runs again.

Budget codes: each line points at its node in the budget demo's tree (ieum/budget/demo.py,
the seed's budget table): 3110 캐빈닷넷, 3120 민간판로지원, 3130 공공판로지원 및 함께누리 운영
(line 2), 3210 공간 운영 (3), 3220 마을기업 (4), 3230 가치 기반 성장지원 (5), 3240 연구 (6),
3300 인재양성·홍보 (7) with 3310 교육 and 3320 시민 소통. Line 1 covers 3110 and 3120 but not
3130, so no single node matches it and it has none.
"""

import datetime as dt
from decimal import Decimal

from ieum.core.permissions import system_actor
from ieum.organization.models import Department

from .choices import MilestoneStatus
from .models import BusinessLine, Kpi, Milestone, Narrative, ProgramChange
from .services import (
    kpi_save,
    kpi_value_record,
    kpi_values_clear,
    line_save,
    milestone_save,
    narrative_save,
    program_change_save,
)

YEAR = 2022
AS_OF = dt.date(2022, 10, 31)
MALL_AS_OF = dt.date(2022, 9, 30)
SOURCE = "2022 주요업무보고(2022. 11. 10.) 추진현황"

# code: (number, parent, title, department, budget code, purpose, content, method)
LINES = {
    "1": (
        "1",
        None,
        "민간 판로지원 강화를 통한 가치소비 활성화",
        "가치협력실",
        "",
        "사회적경제 상품과 브랜드를 콘텐츠화하여 사회적경제기업의 브랜드 가치를 높이고, "
        "MZ세대를 주축으로 한 가치소비 및 사회적경제 민간시장 활성화",
        "",
        "",
    ),
    "1-1": (
        "①",
        "1",
        "가치플랫폼 캐빈닷넷 운영",
        "가치협력실",
        "3110",
        "",
        "사회적경제기업 제품 및 서비스, 브랜드 등 콘텐츠 제작 발행\n"
        "기후위기, 친환경 등 콘텐츠 마케팅으로 사회적경제 인식 제고",
        "플랫폼 운영, 콘텐츠 발굴 및 게시, 콘텐츠 및 웹사이트 홍보·마케팅",
    ),
    "1-2": (
        "②",
        "1",
        "민간판로지원",
        "가치협력실",
        "3120",
        "",
        "기업별 컨설팅 지원, 민간 유통채널 기획전 개최, 시민체험단 운영",
        "사업별 참여기업 모집 및 선정, 기획전 운영 업무제휴 추진",
    ),
    "2": (
        "2",
        None,
        # The seed's section heading misspells the mall as 함께누리물; its contents list has 몰.
        "함께누리몰 운영 및 공공판로 확대지원",
        "지역상생실",
        "3130",
        "서울시 사회적경제 공공판로 확대를 위한 협력기반 조성 통한 공공기관 구매 촉진, "
        "사회적경제 기업의 공공시장 진입 지원 및 온라인쇼핑몰 '함께누리' 활성화 추진",
        "공공기관의 사회적경제 제품 및 서비스 구매를 촉진하기 위한 기획 영업, "
        "함께누리 운영 및 경쟁력 강화, 맞춤형 컨설팅 지원",
        "함께누리몰 운영, 입점제품 홍보 및 기업 컨설팅 지원",
    ),
    "3": (
        "3",
        None,
        # The section heading prints 공간운동; the contents list has 공간운영.
        "기업맞춤형 공간운영을 통한 성장지원",
        "경영전략실",
        "3210",
        "서울시 사회적경제 전략 업종 육성 및 경쟁력 강화를 위한 산업시설 및 전용 공간을 "
        "구축하여 기업의 지속가능성 및 규모화 제고",
        "사회적경제지원공간 조성·운영, 공간 활성화 프로그램 운영",
        "입주기업 공모선정 → 입주공간 제공 → 입주기업 역량강화 컨설팅 및 교육, "
        "기업 간 네트워크(협업) 지원",
    ),
    "4": (
        "4",
        None,
        "마을기업 발굴 및 활성화 지원",
        "지역상생실",
        "3220",
        "지역 단위 사회문제 해결 및 경제 중심 주체 마을기업의 활성화 지원, 예비 마을기업을 "
        "적극적으로 발굴하여 일자리 창출 및 지역 기반 경제 활성화 기여",
        "지역자원 활용을 통한 지역문제 해결 및 일자리 창출 및 지역공동체 이익 실현을 위한 "
        "마을기업 발굴·육성",
        "시행지침 필수 교육, 비즈니스 교육, 컨설팅 및 기업간 협업 사업",
    ),
    "5": (
        "5",
        None,
        "사회가치지표 측정 및 활용을 통한 기업지원",
        # 주요기능: 기획전략실 runs "가치기반 성장지원사업 컨설팅" (this line's budget name);
        # 시민경제연구실 keeps the index itself (S-SVI 운영 및 관리).
        "기획전략실",
        "3230",
        "서울형 사회가치지표 활용하여 기업 진단하고, 가치지향 사업성과 제고를 위한 컨설팅 "
        "운영으로 사회적경제기업 성장 동력 마련",
        "서울형 사회가치지표(S-SVI) 측정 및 활용·운영·관리 지원\n"
        "가치기반 기업역량 강화 컨설팅 지원",
        "사회가치지표 활용 기업 자가진단, 기업별 투자지표로 활용",
    ),
    "6": (
        "6",
        None,
        "사회적경제 성과관리 연구",
        "시민경제연구실",
        "3240",
        "사회적경제기업 성과관리를 통한 체계적 육성을 위한 현황분석 수행\n"
        "주요 현안에 대한 다각적 연구 추진 및 활성화 체계 공고화",
        "현안연구, 신진 연구단 운영, 사회적경제기업 성과관리 등",
        "자체 연구인력 직접 수행",
    ),
    "7": (
        "7",
        None,
        "사회적경제 인재양성·홍보",
        "가치협력실",
        "3300",
        # The seed prints "시민 삶의 점점 확대"; 접점 is meant.
        "교육 콘텐츠·프로그램 통한 서울 사회적경제의 미래 대응력 향상을 위한 통합적 인재 "
        "육성하고, 홍보 콘텐츠를 통한 시민 삶의 접점 확대",
        "",
        "",
    ),
    "7-1": (
        "①",
        "7",
        "대상 및 분야별 교육",
        "가치협력실",
        "3310",
        "",
        "인재양성 교육콘텐츠 기획단 운영, MZ세대 특화 교육 콘텐츠 제작 및 교육, "
        "현장 역량강화 교육 및 조직 커뮤니케이션 교육 등",
        "교육 기획 및 프로그램 운영(직영), 교육 콘텐츠 제작(용역)",
    ),
    "7-2": (
        "②",
        "7",
        "시민 소통 및 확산",
        "가치협력실",
        "3320",
        "",
        "언론홍보 및 시민소통 매체 운영, 시민 홍보 등",
        "홍보기획단 운영, 홈페이지, 유튜브 등 SNS 활용 홍보, 시민참여행사 개최 등",
    ),
}

# line code: [(key, name, unit, value, note)] — as of AS_OF unless the key is in MALL_KEYS.
KPIS = {
    "1-1": [
        ("cabin-page-views", "플랫폼 페이지뷰", "회", 665593, ""),
        ("cabin-users", "플랫폼 사용자수", "명", 137693, ""),
        ("cabin-sns-engagements", "SNS콘텐츠 참여수", "회", 7887, ""),
        ("cabin-promoted", "기업 홍보", "개", 131, ""),
        ("cabin-promoted-web", "기업 홍보(웹사이트)", "개", 84, ""),
        ("cabin-promoted-sns", "기업 홍보(SNS)", "개", 47, ""),
        ("cabin-contents", "콘텐츠 제작·게시(웹페이지, SNS)", "건", 116, ""),
        ("cabin-contents-web", "콘텐츠 제작·게시(웹사이트)", "개", 65, ""),
        ("cabin-contents-sns", "콘텐츠 제작·게시(SNS)", "개", 51, ""),
        ("cabin-sns-fan-growth", "SNS팬 증가", "명", 5609, ""),
    ],
    "1-2": [
        ("private-consulting", "마케팅 역량강화 컨설팅 기업", "개", 30, ""),
        ("private-consulting-branding", "컨설팅: 브랜딩", "개", 8, ""),
        ("private-consulting-store", "컨설팅: 매장관리", "개", 8, ""),
        ("private-consulting-data", "컨설팅: 데이터기반 마케팅", "개", 14, ""),
        ("private-exhibition-enterprises", "유통채널 기획전 참여기업", "개", 46, ""),
        ("private-exhibition-11st", "기획전 참여기업: 11번가", "개", 21, ""),
        ("private-exhibition-coupang", "기획전 참여기업: 쿠팡", "개", 15, ""),
        ("private-exhibition-wadiz", "기획전 참여기업: 와디즈", "개", 10, ""),
        (
            "private-11st-products",
            "11번가 가치소비 생활가이드 상품",
            "개",
            247,
            "11번가 가치소비 생활가이드(10.6~11.5), 21개 기업",
        ),
        ("private-review-enterprises", "시민 체험단 참여기업", "개", 18, ""),
        ("private-reviews", "체험단 리뷰", "개", 328, "기업별 최소 20개 이상"),
    ],
    "2": [
        ("mall-annual-sales", "함께누리몰 연간 매출액", "원", 1_888_000_000, "2022년 9월말"),
        ("mall-orders", "함께누리몰 주문건수", "건", 9249, "2022년 9월말"),
        ("mall-vendors", "함께누리몰 입점기업", "개", 690, "2022년 9월말"),
        ("mall-products", "함께누리몰 입점상품", "개", 14101, "2022년 9월말"),
        ("mall-members", "함께누리몰 회원수", "명", 2728, "2022년 9월말"),
        ("mall-detail-pages", "입점 제품 상세페이지 제작", "건", 31, ""),
        ("mall-leaflets", "리플렛 제작", "건", 2, ""),
        (
            "mall-chuseok-sales",
            "추석 기획전 매출",
            "원",
            35_069_000,
            "2022년 추석 기획전 기간(8.1~9.2)",
        ),
        ("mall-chuseok-sales-previous", "2021년 추석 기획전 매출", "원", 20_679_000, ""),
        (
            "public-briefing-institutions",
            "상품체험 설명회 기관",
            "개",
            3,
            "무실적 자치구 및 공공기관",
        ),
        ("public-briefing-attendees", "상품체험 설명회 참석", "명", 200, "200여명"),
        ("public-promo-institutions", "홍보상품 발송 기관", "개", 14, "서울시교육청 등"),
        ("public-enterprise-counselling", "기업상담 및 교육", "회", 40, ""),
        (
            "public-institution-support",
            "공공기관 판로지원 및 교육",
            "회",
            25,
            "상시지원 연계실적: 영등포구청(2.6천만원), 서울시청(5.3천만원), "
            "은평구사회복지협회(0.6천만원), 한국환경공단(6.4천만원), 예금보험공사(0.3천만원) 등",
        ),
        ("public-consulting-deals", "공공판로 컨설팅 수진기업 거래", "건", 36, ""),
        (
            "public-consulting-sales",
            "공공판로 컨설팅 수진기업 매출",
            "원",
            310_000_000,
            "도도한콜라보(3건) 21백만원, 굿임팩트(4건) 58백만원, 파인파트너스(16건) 13백만원, "
            "오피스배재(2건) 79백만원, 필덤(4건) 76백만원, 헬씨티슈(1건) 2백만원, "
            "헤니(2건) 28백만원, 에듀툴킷디자인연구소(2건) 14백만원, 더사랑(1건) 1백만원, "
            "월메이드(1건) 18백만원",
        ),
        ("public-service-consulting-enterprises", "서비스 업종 집중 컨설팅 기업", "개", 15, ""),
        ("public-service-consulting-sessions", "서비스 업종 집중 컨설팅", "회", 9, ""),
    ],
    "3": [
        ("space-gaebong-tenants", "개봉 입주기업", "개", 14, ""),
        ("space-gaebong-consulting", "개봉 특화컨설팅 기업", "개", 6, ""),
        ("space-gaebong-media-training", "개봉 미디어 교육", "회", 1, ""),
        ("space-gaebong-equipment-training", "개봉 멀티미디어 장비사용 교육", "회", 2, ""),
        ("space-gaebong-uses", "개봉 공간 활용", "회", 323, ""),
        ("space-gaebong-visitors", "개봉 공간 활용 인원", "명", 849, ""),
        ("space-gaebong-room-uses", "개봉 멀티미디어룸·교육장 이용", "회", 264, ""),
        ("space-gaebong-room-visitors", "개봉 멀티미디어룸·교육장 이용 인원", "명", 691, ""),
        ("space-gaebong-network-uses", "개봉 입주기업 네트워크 활동", "회", 8, ""),
        ("space-gaebong-network-visitors", "개봉 입주기업 네트워크 활동 인원", "명", 76, ""),
        ("space-gaebong-program-uses", "개봉 센터 연계 사업 활용", "회", 51, ""),
        ("space-gaebong-program-visitors", "개봉 센터 연계 사업 활용 인원", "명", 82, ""),
        ("space-garak-tenants", "가락 입주기업", "개", 9, ""),
        ("space-garak-consulting", "가락 특화컨설팅 기업", "개", 5, ""),
        ("space-garak-media-training", "가락 미디어 교육", "회", 1, ""),
        ("space-garak-equipment-training", "가락 멀티미디어 장비사용 교육", "회", 2, ""),
        ("space-garak-uses", "가락 공간 활용", "회", 158, ""),
        ("space-garak-visitors", "가락 공간 활용 인원", "명", 653, ""),
        ("space-garak-hall-uses", "가락 대강의실 이용", "회", 114, ""),
        ("space-garak-hall-visitors", "가락 대강의실 이용 인원", "명", 531, ""),
        ("space-garak-network-uses", "가락 입주기업 네트워크 활동", "회", 8, ""),
        ("space-garak-network-visitors", "가락 입주기업 네트워크 활동 인원", "명", 50, ""),
        ("space-garak-program-uses", "가락 센터 연계 사업 활용", "회", 36, ""),
        ("space-garak-program-visitors", "가락 센터 연계 사업 활용 인원", "명", 72, ""),
        ("space-garak-kitchen-agreements", "가락 공유주방 활용 협약 기업", "개", 6, ""),
        ("space-sangam-tenants", "상암 소셜박스 입주기업", "개", 2, ""),
        ("space-nokbeon-tenants", "녹번 협동허브 입주기업", "개", 3, "서울혁신센터 內"),
    ],
    "4": [
        ("village-inspections", "마을기업 지정 현지 실사", "社", 39, ""),
        ("village-designation-support", "마을기업 지정/취소 시도 행정지원", "社", 6, ""),
        ("village-visit-counselling", "마을기업 애로사항 방문 상담", "社", 9, ""),
        ("village-required-training", "입문/기초 등 필수 교육", "社", 29, ""),
        ("village-prospect-counselling", "마을기업 희망 단체/기업 방문 상담", "社", 8, ""),
        ("village-intermediary-meetings", "중간지원조직 회의", "회", 5, ""),
        ("village-education-programs", "발굴·육성 교육 프로그램", "회", 4, ""),
        ("village-prospects-found", "마을기업 지정 희망 기업 발굴", "社", 5, ""),
        ("village-consulting-diagnoses", "컨설팅 신청 기업 방문 사전 진단", "社", 10, ""),
        ("village-consulting-agreements", "컨설팅 협약 기업", "社", 9, ""),
        ("village-mentors", "멘토 기업", "社", 9, ""),
        ("village-mentees-new", "멘티: 신규 마을기업", "社", 11, ""),
        ("village-mentees-pre", "멘티: 예비 마을기업", "社", 3, ""),
        ("village-mentoring-programs", "멘토-멘티 교육 프로그램", "회", 3, ""),
        ("village-mentoring-visits", "멘토-멘티 방문 모니터링", "社", 11, ""),
        ("village-networking", "간담회 등 네트워킹 활동", "회", 4, ""),
    ],
    "5": [
        (
            "svi-indicators",
            "서울형 사회가치지표 구성 지표",
            "개",
            12,
            "미션 실천·지역협력 성과영역",
        ),
        (
            "svi-measurement-enterprises",
            "S-SVI 측정 지원 대상 기업",
            "개",
            30,
            "컨설팅 사업 6회 이상 참여 기업, 11월 측정",
        ),
        ("svi-consulting-enterprises", "가치기반 역량강화 컨설팅 기업", "개", 10, ""),
    ],
    "6": [
        ("research-panel-enterprises", "패널조사 대상 기업", "개", 300, "2021년 패널조사"),
        ("research-junior-researchers", "신진연구자 참여", "명", 6, ""),
    ],
    "7-1": [
        ("edu-planning-meetings", "교육콘텐츠 기획단 운영", "회", 5, ""),
        ("edu-content-cast", "교육 콘텐츠 출연진 섭외", "편", 5, ""),
        ("edu-content-filmed", "교육 콘텐츠 촬영 완료", "편", 1, ""),
        ("edu-monthly-sessions", "이달의 교육", "회", 10, ""),
        ("edu-monthly-mentoring", "이달의 교육 멘토링", "회", 8, ""),
        ("edu-monthly-satisfaction", "이달의 교육 만족도", "점", Decimal("4.7"), "5점 만점"),
        ("edu-monthly-return", "이달의 교육 재참여 의사", "%", 98, ""),
        ("edu-talk-lectures", "다수의 수다 기초강연", "회", 1, ""),
        ("edu-talk-theory", "다수의 수다 직급별 이론교육", "회", 6, ""),
        ("edu-talk-workshops", "다수의 수다 소그룹 워크숍 및 결과공유회", "회", 4, ""),
        ("edu-talk-open-lectures", "다수의 수다 오픈특강", "회", 2, ""),
        ("edu-talk-satisfaction", "다수의 수다 만족도", "점", Decimal("4.6"), "5점 만점"),
        ("edu-talk-return", "다수의 수다 재참여 의사", "%", 97, ""),
        ("edu-collab-metaverse", "메타버스 온라인 교육장 구축", "개", 1, ""),
        ("edu-collab-workshops", "소셜 콜라보레이터 그룹 워크숍 등", "회", 8, ""),
        ("edu-collab-open-lectures", "소셜 콜라보레이터 오픈특강", "회", 4, ""),
        ("edu-collab-satisfaction", "소셜 콜라보레이터 만족도", "점", Decimal("4.4"), "5점 만점"),
        ("edu-collab-return", "소셜 콜라보레이터 재참여 의사", "%", 100, ""),
    ],
    "7-2": [
        ("outreach-planners", "홍보 기획단 구성", "명", 5, ""),
        ("outreach-planning-meetings", "홍보 기획회의", "회", 2, ""),
        ("outreach-forums", "기획단 포럼", "회", 1, ""),
        ("outreach-homepage-page-views", "홈페이지 페이지뷰", "회/월", 118864, "월평균"),
        ("outreach-homepage-visitors", "홈페이지 방문자수", "명/월", 11006, "월평균"),
        ("outreach-newsletter-features", "뉴스레터 기획콘텐츠", "건", 16, ""),
        ("outreach-newsletter-issues", "뉴스레터 발행", "회", 12, ""),
        ("outreach-newsletter-subscribers", "뉴스레터 구독", "명", 9971, "누적"),
        ("outreach-blog-views", "블로그 조회", "회/월", 7525, "월평균"),
        ("outreach-facebook-likes", "페이스북 좋아요", "명", 9966, "누적"),
        ("outreach-instagram-followers", "인스타그램 팔로워", "명", 2602, "누적"),
        ("outreach-youtube-views", "유튜브 조회", "회/월", 2345, "월평균"),
        ("outreach-press-releases", "보도자료 배포", "회", 6, ""),
        ("outreach-banner-ads", "온라인 배너 광고 게재", "건", 3, "언론기획(광고) 협약"),
        ("outreach-briefings", "사업설명회", "회", 1, "4.28"),
    ],
}

MALL_KEYS = {"mall-annual-sales", "mall-orders", "mall-vendors", "mall-products", "mall-members"}
# Computed by the mall's provider of the same key; the values in KPIS are what the seed prints
# (the mall demo's data gives them back).
# Computed by ieum/spaces/kpis.py from the spaces demo's bookings and tenancies (as of AS_OF).
SPACE_KEYS = {
    f"space-{place}-{what}"
    for place, parts in (
        ("gaebong", ("", "room-", "network-", "program-")),
        ("garak", ("", "hall-", "network-", "program-")),
    )
    for part in parts
    for what in (f"{part}uses", f"{part}visitors")
} | {"space-gaebong-tenants", "space-garak-tenants"}
COMPUTED_KEYS = MALL_KEYS | {"mall-chuseok-sales", "mall-chuseok-sales-previous"} | SPACE_KEYS

P, R = MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS

# line code: [(text, start (year, month) or None, end (year, month), period note, status)]
MILESTONES = {
    "1-1": [
        ("콘텐츠 지속 생산 및 SNS 운영", None, (2022, 12), "", R),
        ("기획 콘텐츠 생산 및 이벤트 운영", None, (2022, 12), "", R),
        ("정산 및 결과보고", (2022, 12), (2022, 12), "", P),
    ],
    "1-2": [
        ("마케팅 역량강화 컨설팅", None, (2022, 12), "", R),
        ("유통채널(쇼핑플랫폼) 기획전 (11번가)", (2022, 10), (2022, 11), "'22.10.6.~11.5.", R),
        ("유통채널(쇼핑플랫폼) 기획전 (쿠팡)", (2022, 11), (2022, 11), "'22.11.1.~11.30.", P),
        (
            "유통채널(쇼핑플랫폼) 기획전 (크라우드펀딩 와디즈)",
            (2022, 11),
            (2022, 12),
            "'22.11.7.~12.9.",
            P,
        ),
    ],
    "2": [
        ("함께누리몰 운영", (2022, 11), (2022, 12), "", P),
        ("공공구매 기획전 운영 (제로웨이스트)", (2022, 11), (2022, 11), "", P),
        ("판로확대 상시지원·온라인설명회", (2022, 11), (2022, 11), "", P),
    ],
    "3": [
        (
            "개봉, 가락 클러스터 입주기업 컨설팅 중간 점검 및 모니터링",
            (2022, 11),
            (2022, 11),
            "",
            P,
        ),
        ("공유주방 입점기업 먹거리 특화 교육 및 컨설팅 진행", (2022, 11), (2022, 11), "", P),
        ("개봉, 가락 클러스터 입주기업 컨설팅 결과보고 및 정산", (2022, 12), (2022, 12), "", P),
    ],
    "4": [
        ("입문교육 3회차, 전문교육(2회), 사업계획서 작성 교육", (2022, 11), (2022, 11), "", P),
        ("마을기업 컨설팅 모니터링 실시", (2022, 11), (2022, 11), "", P),
        ("우수 마을기업 현지 견학 워크샵", (2022, 11), (2022, 11), "", P),
        ("멘토-멘티 프로그램 성과 공유회", (2022, 12), (2022, 12), "", P),
    ],
    "5": [
        ("S-SVI 플랫폼 관리, 컨설팅 운영 등", (2022, 11), (2022, 12), "", P),
        ("역량강화 컨설팅 성과 모니터링", (2022, 11), (2022, 11), "", P),
        ("역량강화 컨설팅 결과보고 및 정산", (2022, 11), (2022, 11), "", P),
    ],
    "6": [
        ("(현안연구) 10월~11월 주 2회 연구진 회의", (2022, 11), (2022, 12), "", P),
        ("(패널연구) 패널 조사 및 결과분석 보고서 작성", (2022, 12), (2022, 12), "", P),
        ("신진연구자 정기세미나 진행", (2022, 11), (2022, 12), "", P),
    ],
    "7-1": [
        ("교육 콘텐츠 촬영 및 현장 모니터링", (2022, 11), (2022, 11), "", P),
        ("교육 콘텐츠 편집본 영상 검수·수정, 지출 정산", (2022, 11), (2022, 11), "", P),
        ("교육 콘텐츠 유튜브 게시 및 홍보, 업체 결과보고 검수·정산", (2022, 12), (2022, 12), "", P),
        # The seed prints 홍보틀; the course is about online promotion tools (홍보툴).
        ("이달의 교육 '온라인 홍보툴' 교육 모집·운영", (2022, 11), (2022, 11), "", P),
        (
            "이달의 교육 '온라인 홍보툴' 멘토링 모집·운영·교육 결과보고",
            (2022, 11),
            (2022, 11),
            "",
            P,
        ),
        ("교육 사업 공유회 기획·운영 (센터 전체 사업공유회 시)", (2022, 12), (2022, 12), "", P),
    ],
    "7-2": [
        ("SNS 채널 콘텐츠 제작·게시", (2022, 11), (2022, 12), "", P),
        ("언론사 연계 지면광고 및 온라인 배너 게재", (2022, 11), (2022, 12), "", P),
        ("포털 유지보수 업체 과업 결과보고 및 정산", (2022, 12), (2022, 12), "", P),
        ("뉴스레터 제작 업체 결과보고 및 정산", (2022, 12), (2022, 12), "", P),
        ("언론사 기획광고 결과보고 및 정산", (2022, 12), (2022, 12), "", P),
        ("사업성과공유회 개최 및 정산", (2022, 12), (2022, 12), "", P),
    ],
}

NARRATIVES = {
    "1-1": "콘텐츠 플랫폼 캐빈닷넷 운영을 통해 민간 판로를 지원하여 플랫폼 페이지뷰 "
    "{kpi:cabin-page-views}, 사용자수 {kpi:cabin-users}, SNS콘텐츠 참여수 "
    "{kpi:cabin-sns-engagements}를 기록하였습니다. 기업 홍보({kpi:cabin-promoted})와 "
    "콘텐츠 제작·게시({kpi:cabin-contents})로 SNS팬이 {kpi:cabin-sns-fan-growth} 늘었습니다. "
    "제로웨이스트&업사이클, 비거니즘, 배리어프리 등 MZ세대 관심도가 높은 사회적이슈를 주제로 "
    "3H 콘텐츠(Hygiene·Hub·Hero)를 제작하여 구매로 연계되도록 하였습니다.",
    "1-2": "기업별 업종 및 비즈니스 특성에 맞는 마케팅 역량강화 컨설팅을 "
    "{kpi:private-consulting} 기업에 지원하였습니다. 주요 유통채널과 업무협약을 맺어 "
    "11번가, 쿠팡, 와디즈 기획전에 {kpi:private-exhibition-enterprises} 기업이 참여하였고, "
    "시민 체험단은 {kpi:private-review-enterprises} 참여기업 대상으로 리뷰 "
    "{kpi:private-reviews}를 달성하였습니다.",
    "2": "함께누리몰은 9월말 기준 입점기업 {kpi:mall-vendors}, 입점상품 {kpi:mall-products}, "
    "회원 {kpi:mall-members}, 주문 {kpi:mall-orders}으로 연간 매출액 "
    "{kpi:mall-annual-sales}을 기록하였습니다. 2022년 추석 기획전 매출은 "
    "{kpi:mall-chuseok-sales}으로 2021년 추석({kpi:mall-chuseok-sales-previous}) 대비 "
    "69.6% 신장하였습니다. 공공판로 컨설팅 수진기업은 공공기관과 {kpi:public-consulting-deals}, "
    "{kpi:public-consulting-sales}을 거래하였습니다.",
    "3": "개봉 비대면산업 클러스터에는 {kpi:space-gaebong-tenants} 기업이 입주하여 공간을 "
    "{kpi:space-gaebong-uses}, {kpi:space-gaebong-visitors}이 활용하였고, 가락 먹거리 융합 "
    "클러스터에는 {kpi:space-garak-tenants} 기업이 입주하여 {kpi:space-garak-uses}, "
    "{kpi:space-garak-visitors}이 활용하였습니다. 가락 클러스터에는 라이브 커머스 지원을 위한 "
    "멀티미디어 장비를 추가 구축하고 {kpi:space-garak-kitchen-agreements} 기업과 공유주방 활용 "
    "협약을 체결하였습니다.",
    "4": "행정안전부 마을기업 육성사업 시행지침에 따라 마을기업 지정 현지 실사 "
    "{kpi:village-inspections}, 필수 교육({kpi:village-required-training})을 지원하였습니다. "
    "(예비)마을기업 비즈니스 컨설팅은 {kpi:village-consulting-agreements}와 협약하였고, "
    "멘토-멘티 프로그램에는 멘토 기업 {kpi:village-mentors}, 신규 마을기업 "
    "{kpi:village-mentees-new}가 참여하였습니다.",
    "5": "서울형 사회가치지표(S-SVI)는 미션 실천 성과영역과 지역협력 성과영역의 "
    "{kpi:svi-indicators} 지표로 구성되며, 11월 {kpi:svi-measurement-enterprises} "
    "사회적경제기업의 측정을 지원합니다. 서울신용보증재단과 MOU를 체결하여 측정 결과 "
    "우수기업의 신용보증 대출을 우선 지원하고, 가치기반 역량강화 컨설팅을 "
    "{kpi:svi-consulting-enterprises} 기업에 제공하였습니다.",
    "6": "(현안연구) 서울시 MZ세대 사회적경제 소비·활동 주체 연구를 수행하고, (패널연구) "
    "2021년 패널조사 {kpi:research-panel-enterprises} 기업을 대상으로 2022년 실적 및 "
    "성과를 분석하고 있습니다. 포스트코로나 사회적경제 대응 전략 연구에는 신진연구자 "
    "{kpi:research-junior-researchers}이 참여하였습니다.",
    "7-1": "현장 수요 맞춤형 '이달의 교육'을 {kpi:edu-monthly-sessions}, 멘토링을 "
    "{kpi:edu-monthly-mentoring} 운영하여 교육 만족도 {kpi:edu-monthly-satisfaction}(5점 만점), "
    "재참여 의사 {kpi:edu-monthly-return}를 기록하였습니다. 조직 커뮤니케이션 교육 '다수의 "
    "수다'의 만족도는 {kpi:edu-talk-satisfaction}, 청년 커뮤니티형 교육 '소셜 콜라보레이터 "
    "커뮤니티'의 재참여 의사는 {kpi:edu-collab-return}입니다.",
    "7-2": "홈페이지, 뉴스레터, 블로그, 페이스북, 인스타그램, 유튜브를 상시 운영하고 있으며 "
    "홈페이지 페이지뷰는 {kpi:outreach-homepage-page-views}, 방문자수는 "
    "{kpi:outreach-homepage-visitors}입니다. 뉴스레터를 {kpi:outreach-newsletter-issues} "
    "발행하여 구독자는 "
    "{kpi:outreach-newsletter-subscribers}(누적)이며, 인스타그램 팔로워는 "
    "{kpi:outreach-instagram-followers}(누적)입니다. 보도자료는 "
    "{kpi:outreach-press-releases} 배포하였습니다.",
}

# (name as printed, line code, '21 items, ['22 (tag, text)]) — the seed prints 캐빈닷컴 in this
# table; section 3 and the budget table call the platform 캐빈닷넷.
CHANGES = [
    (
        "가치플랫폼 캐빈닷넷 운영",
        "1-1",
        ["가치소비복합플랫폼 캐빈닷넷 개발 및 시범운영"],
        [
            (
                "확대",
                "가치소비복합플랫폼 캐빈닷넷 정식 운영 및 홍보·마케팅 강화로 MZ세대 대표 "
                "가치소비 플랫폼으로 도약 모색",
            )
        ],
    ),
    (
        "민간판로지원",
        "1-2",
        [
            "롯데홈쇼핑, 11번가 등 민간 유통 채널 연계 판로지원",
            "유통형사회적경제기업 육성지원",
            "유통전략 개발 지원",
        ],
        [
            ("확대", "민간 유통채널 연계 판로 지원 및 컨설팅 강화"),
            ("종료", "유통전략개발 지원사업 종료"),
            ("신규", "민간판로 기획전 및 참여기업 역량강화 지원"),
        ],
    ),
    (
        "온라인쇼핑몰 함께누리 운영",
        "2",
        ["온라인쇼핑몰 함께누리 운영", "함께누리 입점기업 맞춤형 지원"],
        [("확대", "함께누리 입점기업 맞춤형 홍보마케팅 및 컨설팅 강화")],
    ),
    (
        "공공판로지원",
        "2",
        ["공공판로 경쟁력 강화 지원", "공공구매 온라인 상담회·설명회 운영"],
        [
            ("종료", "공공판로 경쟁력 강화지원사업 종료(지원사업 폐지)"),
            ("신규", "공공시장 컨설팅 지원"),
        ],
    ),
    (
        "공간 운영",
        "3",
        [
            "[가락/개봉] 클러스터 개관 및 기업 비즈니스 시설 구축",
            "[공동] 입주기업 대상 법률 및 특허 전문역량 지원(가락/개봉/상암/녹번)",
        ],
        [
            ("확대", "가락공간 재장비 및 환경개선"),
            ("신규", "가락/개봉/상암/녹번 4대 공간 업종별 특화 컨설팅 운영"),
        ],
    ),
    (
        "마을기업 발굴 및 활성화",
        "4",
        ["청년주체 발굴 및 육성", "마을기업 발굴 및 교육", "마을기업 상품 개선 지원"],
        [
            ("종료", "마을기업 상품 개선 지원사업 종료(보조금 지원사업 폐지)"),
            ("신규", "마을기업간 네트워킹·협업사업, 비즈니스 역량강화 컨설팅"),
        ],
    ),
    (
        "가치 기반 성장지원",
        "5",
        ["서울형 사회가치지표 자가측정 플랫폼 구축"],
        [("확대", "서울형 사회가치지표 자가측정 플랫폼 정식 운영 및 이용 확대")],
    ),
    (
        "사회적경제 성과관리 연구",
        "6",
        ["자체연구 2건, 협력연구 1건", "연구용역 2건"],
        [("종료", "연구용역"), ("지속", "자체연구")],
    ),
    (
        "대상 및 분야별 교육",
        "7-1",
        ["대상 및 분야별 단·중기 교육 운영", "인재양성 전략수립 자문회의 운영"],
        [("신규", "MZ세대맞춤형 교육 콘텐츠 제작")],
    ),
    (
        "시민 소통 및 확산",
        "7-2",
        ["포털 및 SNS 매체운영", "홍보 캠페인 추진, 언론기획 및 협력"],
        [
            (
                "확대",
                "SNS, 뉴스레터 등 온라인 기반 시민소통채널 안정화 및 MZ세대 특화 가치소비 "
                "콘텐츠 제작",
            )
        ],
    ),
]


def load(stdout) -> None:
    actor = system_actor()
    departments = {d.name: d for d in Department.objects.all()}
    lines: dict[str, BusinessLine] = {}
    for order, (code, spec) in enumerate(LINES.items(), start=1):
        number, parent, title, department, budget_code, purpose, content, method = spec
        lines[code] = line_save(
            actor=actor,
            line=BusinessLine.objects.filter(year=YEAR, code=code).first(),
            year=YEAR,
            code=code,
            number=number,
            title=title,
            purpose=purpose,
            content=content,
            method=method,
            department=departments.get(department),
            budget_code=budget_code,
            parent=lines[parent] if parent else None,
            sort_order=order,
        )

    value_count = computed_count = 0
    for code, rows in KPIS.items():
        for order, (key, name, unit, value, note) in enumerate(rows, start=1):
            computed = key in COMPUTED_KEYS
            kpi = kpi_save(
                actor=actor,
                kpi=Kpi.objects.filter(year=YEAR, key=key).first(),
                line=lines[code],
                key=key,
                name=name,
                unit=unit,
                provider=key if computed else "",
                counted_until=MALL_AS_OF if key in MALL_KEYS else None,
                sort_order=order,
            )
            if computed:
                kpi_values_clear(actor=actor, kpi=kpi)
                computed_count += 1
                continue
            kpi_value_record(
                actor=actor, kpi=kpi, as_of=AS_OF, value=Decimal(value), source=SOURCE, note=note
            )
            value_count += 1

    milestone_count = 0
    for code, rows in MILESTONES.items():
        line = lines[code]
        for order, (text, start, end, period_note, status) in enumerate(rows, start=1):
            milestone_save(
                actor=actor,
                milestone=Milestone.objects.filter(line=line, text=text).first(),
                line=line,
                text=text,
                start_year=start[0] if start else None,
                start_month=start[1] if start else None,
                end_year=end[0],
                end_month=end[1],
                period_note=period_note,
                status=status,
                sort_order=order,
            )
            milestone_count += 1

    for code, text in NARRATIVES.items():
        line = lines[code]
        narrative_save(
            actor=actor,
            narrative=Narrative.objects.filter(line=line, as_of=AS_OF).first(),
            line=line,
            as_of=AS_OF,
            period_label="2022년 10월말",
            text=text,
        )

    order = 0
    for name, code, previous, items in CHANGES:
        for tag, text in items:
            order += 1
            program_change_save(
                actor=actor,
                change=ProgramChange.objects.filter(year=YEAR, name=name, text=text).first(),
                year=YEAR,
                name=name,
                tag=tag,
                text=text,
                previous_text="\n".join(previous),
                line=lines[code],
                sort_order=order,
            )

    stdout.write(
        f"사업·성과지표: {YEAR}년 사업 {len(lines)}개, 성과지표 값 {value_count}건, "
        f"자동 계산 지표 {computed_count}개, "
        f"향후계획 {milestone_count}건, 서술 {len(NARRATIVES)}건, 주요 사업 변경 {order}건을 "
        "불러왔습니다.\n"
    )
