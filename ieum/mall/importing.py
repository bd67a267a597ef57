"""Product import from a spreadsheet (XLSX or CSV): the staff's `ieum import_products` and the
vendor's bulk upload page.

Headers: 상품명, 카테고리 ('생활용품>친환경 세제'; missing categories are created), 판매가, 단위,
최소주문수량, 재고상태, 상품설명, 인증 ('친환경, 녹색인증'), 물품분류번호, 사업자등록번호 (picks the
vendor, which must be approved), and optionally 과세구분, 납기(일), 배송가능지역.

All-or-nothing unless `partial`: one bad row and nothing is written; every bad row is reported
with its row number, its column as written in the file and a Korean reason. A product is the
vendor's product of the same name: importing the same file twice changes nothing, and an empty
cell keeps what is stored. New products are published at once (the vendor is approved, the
rows are checked like the product form), unless `draft` asks for drafts to review first.

Files are read as people write them: the header is found by its names below a merged title or
a '(단위: 천원)' row; header names ignore spaces and full-width forms (NFKC); codes, numbers
and choice words are read in their plain forms ('１２３－４５－６７８９０'), names, categories
and descriptions are kept as written but trimmed. 판매가 may be '6,000', '6,000원' or '6천원',
or in 천원 when a unit row above the header or the header itself ('판매가(천원)') says so;
it must come to whole won. An optional cell holding only '-' is empty.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ieum.core.districts import DISTRICT_NAMES
from ieum.core.idnumbers import format_brn, normalize_brn
from ieum.core.imports import bulk_insert
from ieum.core.permissions import has_permission
from ieum.core.tabular import (
    BIGINT_MAX,
    MONEY_UNITS,
    ImportReport,
    RowError,
    Table,
    TableRow,
    TabularError,
    cell_text,
    header_note,
    locate_header,
    plain_text,
    stated_unit,
)

from .choices import ProductCertification, ProductStatus, StockStatus, TaxType, VendorStatus
from .models import Product, ProductCertificate, Vendor
from .services.catalog import (
    CERTIFICATION_BITS,
    CLASSIFICATION_NUMBER,
    category_ensure,
    product_reindex,
)

HEADER_KEYS: dict[str, str] = {
    "상품명": "name",
    "카테고리": "category",
    "판매가": "price_won",
    "판매가격": "price_won",
    "단위": "unit",
    "최소주문수량": "min_order_quantity",
    "재고상태": "stock_status",
    "상품설명": "description",
    "인증": "certifications",
    "물품분류번호": "classification_number",
    "사업자등록번호": "brn",
    "과세구분": "tax_type",
    "납기(일)": "lead_time_days",
    "납기": "lead_time_days",
    "배송가능지역": "delivery_districts",
}
HEADERS = (
    "상품명",
    "카테고리",
    "판매가",
    "단위",
    "최소주문수량",
    "재고상태",
    "상품설명",
    "인증",
    "물품분류번호",
    "사업자등록번호",
    "과세구분",
    "납기(일)",
    "배송가능지역",
)
REQUIRED_KEYS = {
    "name": "상품명",
    "category": "카테고리",
    "price_won": "판매가",
    "brn": "사업자등록번호",
}
# Columns copied to the product when the cell is not empty.
FIELD_KEYS = (
    "category_path",
    "price_won",
    "unit",
    "min_order_quantity",
    "stock_status",
    "description",
    "classification_number",
    "tax_type",
    "lead_time_days",
    "delivery_districts",
)
_CHUNK = 500
PROGRESS_EVERY = 100
_LABEL_NOISE = re.compile(r"[\s·ㆍ().\-]")
_LIST_SEPARATORS = re.compile(r"[,/;]")
_CATEGORY_SEPARATORS = re.compile(r"[>›＞]")
EMPTY_MARKS = frozenset({"-", "–", "—"})
# A price as written: a number (thousands commas where they belong, decimals for 천원) and
# an optional unit ('6,000원', '6천원', '6천', '1.5만원').
_PRICE = re.compile(
    r"^(?P<number>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>백만원|천원|만원|원|천|만)?$"
)
_PRICE_EXAMPLES = {"원": "6,000", "천원": "6", "만원": "0.6"}
_COUNT = re.compile(r"^(?P<number>\d{1,3}(?:,\d{3})+|\d+)\s*(?P<word>[^\d\s]*)$")


def _key(text: str) -> str:
    return _LABEL_NOISE.sub("", text).lower()


def _header_key(header: str) -> tuple[str | None, str]:
    """What a normalised header holds, and the money unit its brackets state:
    '판매가(천원)' → ('price_won', '천원'); '납기(일)' → ('lead_time_days', '')."""
    if header in HEADER_KEYS:
        return HEADER_KEYS[header], ""
    base, unit = header_note(header)
    return HEADER_KEYS.get(base), unit


def _lookup(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Korean label (also the part before and inside its brackets) and value → value."""
    with translation.override("ko"):
        pairs = [(value, str(label)) for value, label in choices.choices]
    lookup = {}
    for value, label in pairs:
        words = [value, label, *re.split(r"[()]", label)]
        lookup.update((_key(word), value) for word in words if _key(word))
    lookup.update((_key(word), value) for word, value in (extra or {}).items())
    return lookup


CERTIFICATIONS = _lookup(ProductCertification, {"환경표지": ProductCertification.ECO})
STOCK_STATUSES = _lookup(StockStatus, {"있음": StockStatus.IN_STOCK, "주문생산": "made_to_order"})
TAX_TYPES = _lookup(TaxType, {"과세": TaxType.TAXABLE, "부가세포함": TaxType.TAXABLE})


def _labels(choices) -> str:
    with translation.override("ko"):
        return ", ".join(str(label) for _value, label in choices.choices)


@dataclass
class ImportResult(ImportReport):
    """The report plus what describes the run. With errors and not `partial`, nothing is
    written and every count is 0; a dry run reports what the import would have done."""

    rows: int = 0
    partial: bool = False
    dry_run: bool = False
    draft: bool = False
    ignored_columns: list[str] = field(default_factory=list)
    accepted: bool = False


@dataclass
class _Row:
    number: int
    brn: str
    name: str
    fields: dict[str, object]
    certifications: list[str] | None
    vendor: Vendor | None = None


@dataclass(frozen=True)
class _PriceUnit:
    """The unit 판매가 is written in, and where the file says so (for messages)."""

    unit: str = "원"
    where: str = ""


class _RowReader:
    def __init__(
        self,
        table: Table,
        columns: dict[str, str],
        row: TableRow,
        price_unit: _PriceUnit = _PriceUnit(),
    ):
        self.table, self.columns, self.row = table, columns, row
        self.price_unit = price_unit
        self.errors: list[RowError] = []

    def error(self, key: str, reason: str) -> None:
        header = self.columns.get(key, "")
        self.errors.append(RowError(self.row.number, self.table.source_header(header), reason))

    def value(self, key: str) -> object:
        """The cell as read; '' when empty or only '-'."""
        header = self.columns.get(key)
        value = self.row.values.get(header, "") if header else ""
        if isinstance(value, str) and plain_text(value) in EMPTY_MARKS:
            return ""
        return value

    def text(self, key: str) -> str:
        """As written, trimmed (names, categories, descriptions)."""
        return cell_text(self.value(key))

    def plain(self, key: str) -> str:
        """In plain forms (NFKC), trimmed (codes, numbers, choice words)."""
        return plain_text(self.value(key))

    def read(self, default_brn: str) -> _Row | None:
        fields: dict[str, object] = {}
        name = self.text("name")
        if not name:
            self.error("name", _("상품명이 비어 있습니다."))
        elif len(name) > 200:
            self.error("name", _("상품명은 200자까지입니다."))
        brn = self.brn(default_brn)
        self.category(fields)
        self.price(fields)
        self.whole_number(
            fields,
            "min_order_quantity",
            1,
            1_000_000,
            _("최소주문수량은 1 이상의 정수여야 합니다 (예: 10, 10개, 10%(unit)s)."),
            words=("개", self.text("unit")),
        )
        self.whole_number(
            fields,
            "lead_time_days",
            0,
            365,
            _("납기는 0~365일 사이의 정수로 적어 주세요 (예: 3 또는 3일)."),
            words=("일",),
        )
        self.choice(fields, "stock_status", STOCK_STATUSES, _("재고상태"), StockStatus)
        self.choice(fields, "tax_type", TAX_TYPES, _("과세구분"), TaxType)
        if unit := self.text("unit"):
            if len(unit) > 20:
                self.error("unit", _("단위는 20자까지입니다."))
            fields["unit"] = unit
        if description := self.text("description"):
            fields["description"] = description
        if number := self.plain("classification_number"):
            if CLASSIFICATION_NUMBER.match(number):
                fields["classification_number"] = number
            else:
                self.error(
                    "classification_number",
                    _("물품분류번호는 숫자 10자리입니다 (예: 4713150101)."),
                )
        self.districts(fields)
        certifications = self.certifications()
        if self.errors:
            return None
        return _Row(self.row.number, brn, name, fields, certifications)

    def brn(self, default_brn: str) -> str:
        text = self.plain("brn")
        if not text:
            if not default_brn:
                self.error("brn", _("사업자등록번호가 비어 있습니다."))
            return default_brn
        try:
            return normalize_brn(text)
        except ValueError as exc:
            self.error("brn", str(exc))
            return ""

    def category(self, fields: dict) -> None:
        text = self.text("category")
        if not text:
            self.error("category", _("카테고리가 비어 있습니다. 예: 생활용품>친환경 세제"))
            return
        path = [" ".join(part.split()) for part in _CATEGORY_SEPARATORS.split(text)]
        if not all(path):
            self.error("category", _("카테고리 '%(path)s'에 빈 단계가 있습니다.") % {"path": text})
        elif any(len(part) > 50 for part in path):
            self.error("category", _("카테고리 이름은 단계마다 50자까지입니다."))
        else:
            fields["category_path"] = tuple(path)

    def price(self, fields: dict) -> None:
        """Whole won from a number or text in the column's unit ('6,000'), or text stating its
        own unit ('6,000원', '6천원')."""
        value = self.value("price_won")
        unit = self.price_unit.unit
        if cell_text(value) == "":
            self.error(
                "price_won", _("판매가가 비어 있습니다. 원 단위 금액을 적어 주세요 (예: 6,000).")
            )
            return
        number = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = Decimal(repr(value))
        elif match := _PRICE.match(plain_text(value)):
            number = Decimal(match["number"].replace(",", ""))
            if match["unit"]:
                unit = match["unit"] if match["unit"].endswith("원") else f"{match['unit']}원"
        where = (
            _(" (단위는 %(where)s에서 읽었습니다)") % {"where": self.price_unit.where}
            if unit == self.price_unit.unit and self.price_unit.where
            else ""
        )
        if number is None or not number.is_finite():
            self.error(
                "price_won",
                _(
                    "판매가 '%(value)s'을(를) 읽을 수 없습니다. %(unit)s 단위 숫자로 적어 주세요 "
                    "(예: %(example)s, 6,000원, 6천원)%(where)s."
                )
                % {
                    "value": cell_text(value),
                    "unit": self.price_unit.unit,
                    "example": _PRICE_EXAMPLES.get(self.price_unit.unit, "6,000원"),
                    "where": where,
                },
            )
            return
        won = number * MONEY_UNITS[unit]
        if won != won.to_integral_value():
            self.error(
                "price_won",
                _(
                    "판매가 '%(value)s'은(는) %(unit)s 단위로 %(won)s원이 되어 원 단위로 "
                    "떨어지지 않습니다%(where)s. 원 단위 정수가 되게 적어 주세요."
                )
                % {"value": cell_text(value), "unit": unit, "won": won.normalize(), "where": where},
            )
        elif won <= 0:
            self.error("price_won", _("판매가는 0원보다 커야 합니다."))
        elif won > BIGINT_MAX:
            self.error(
                "price_won",
                _("판매가 '%(value)s'은(는) 너무 큽니다 (%(limit)s원까지).")
                % {"value": cell_text(value), "limit": f"{BIGINT_MAX:,}"},
            )
        else:
            fields["price_won"] = int(won)

    def whole_number(
        self,
        fields: dict,
        key: str,
        low: int,
        high: int,
        message: str,
        *,
        words: tuple[str, ...] = (),
    ) -> None:
        """An integer in [low, high]; a number cell, or digits followed by one of `words`."""
        value = self.value(key)
        text = plain_text(value)
        if not text:
            return
        match = _COUNT.match(text)
        if match and match["word"] and match["word"] not in [w for w in words if w]:
            match = None
        number = int(match["number"].replace(",", "")) if match else None
        if number is None or not low <= number <= high:
            self.error(key, message % {"unit": self.text("unit") or "세트"})
        else:
            fields[key] = number

    def choice(self, fields: dict, key: str, lookup: dict[str, str], label: str, choices) -> None:
        if text := self.plain(key):
            value = lookup.get(_key(text))
            if value is None:
                self.error(
                    key,
                    _("%(label)s '%(value)s'을(를) 알 수 없습니다 (가능한 값: %(choices)s).")
                    % {"label": label, "value": text, "choices": _labels(choices)},
                )
            else:
                fields[key] = value

    def districts(self, fields: dict) -> None:
        text = self.plain("delivery_districts")
        if not text or _key(text) in ("서울전역", "전체", "서울"):
            return
        names = [part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()]
        wrong = [name for name in names if name not in DISTRICT_NAMES]
        if wrong:
            self.error(
                "delivery_districts",
                _("'%(district)s'은(는) 서울시 자치구가 아닙니다.") % {"district": wrong[0]},
            )
        else:
            fields["delivery_districts"] = f",{','.join(dict.fromkeys(names))},"

    def certifications(self) -> list[str] | None:
        text = self.plain("certifications")
        if not text:
            return None
        kinds = []
        for part in _LIST_SEPARATORS.split(text):
            if not part.strip():
                continue
            kind = CERTIFICATIONS.get(_key(part))
            if kind is None:
                self.error(
                    "certifications",
                    _("인증 '%(label)s'을(를) 알 수 없습니다 (가능한 값: %(choices)s).")
                    % {"label": part.strip(), "choices": _labels(ProductCertification)},
                )
            elif kind not in kinds:
                kinds.append(kind)
        return kinds


def _columns(
    table: Table, *, vendor: Vendor | None
) -> tuple[Table, dict[str, str], _PriceUnit, list[str], list[RowError]]:
    """The table with its header found by its names (below any title or unit rows), {key:
    header} of the known columns, 판매가's unit, the ignored headers and file-level errors."""
    try:
        table = locate_header(table, lambda header: _header_key(header)[0] is not None)
    except TabularError as exc:  # the header found names a column twice
        return table, {}, _PriceUnit(), [], [RowError(0, "", str(exc))]
    columns: dict[str, str] = {}
    price_unit = _PriceUnit()
    ignored: list[str] = []
    errors: list[RowError] = []
    for header in table.headers:
        key, unit = _header_key(header)
        if key == "price_won" and unit and "price_won" not in columns:
            price_unit = _PriceUnit(
                unit, _("열 이름 '%(header)s'") % {"header": table.source_header(header)}
            )
        if key is None:
            ignored.append(table.source_header(header))
        elif key in columns:
            errors.append(
                RowError(
                    table.header_row,
                    table.source_header(header),
                    _("'%(column)s' 열과 같은 내용입니다. 둘 중 하나만 남겨 주세요.")
                    % {"column": table.source_header(columns[key])},
                )
            )
        else:
            columns[key] = header
    if not price_unit.where:
        unit, row_number = stated_unit(table)
        if unit:
            price_unit = _PriceUnit(
                unit, _("%(row)s행의 '단위: %(unit)s'") % {"row": row_number, "unit": unit}
            )
    required = [
        label for key, label in REQUIRED_KEYS.items() if not (key == "brn" and vendor is not None)
    ]
    for key, label in REQUIRED_KEYS.items():
        if key not in columns and label in required:
            errors.append(
                RowError(
                    table.header_row,
                    "",
                    _(
                        "%(column)s 열이 없습니다. %(row)s행을 열 이름으로 읽었습니다 "
                        "(필요한 열: %(all)s)."
                    )
                    % {"column": label, "row": table.header_row, "all": ", ".join(required)},
                )
            )
    return table, columns, price_unit, ignored, errors


def products_import(
    *,
    table: Table,
    partial: bool = False,
    dry_run: bool = False,
    draft: bool = False,
    vendor: Vendor | None = None,
    progress: Callable[[int, int], None] | None = None,
    actor,
) -> ImportResult:
    """Create or update products from `table`; `progress(processed, total)` is called as rows
    are read (an import job shows it).

    `vendor` limits the file to that vendor's own products (the vendor's upload page): an
    empty 사업자등록번호 means its own, another brn is refused. `partial` writes the good rows;
    `dry_run` writes nothing; `draft` creates new products as drafts instead of publishing them.
    Staff may import any vendor's products; a seller only its own vendor's, through `vendor`.
    """
    own = (
        vendor is not None
        and has_permission(actor, "mall.sell")
        and actor.enterprise_id == vendor.enterprise_id
    )
    if not (own or has_permission(actor, "mall.manage")):
        raise PermissionDenied(_("다른 기업의 상품은 올릴 수 없습니다."))
    table, columns, price_unit, ignored, file_errors = _columns(table, vendor=vendor)
    result = ImportResult(rows=len(table.rows), partial=partial, dry_run=dry_run, draft=draft)
    result.ignored_columns = ignored
    if not file_errors and not table.rows:
        file_errors.append(
            RowError(table.header_row, "", _("열 이름 아래에 가져올 행이 없습니다."))
        )
    if file_errors:
        result.errors = file_errors
        return result

    default_brn = vendor.enterprise.brn if vendor is not None else ""
    rows, errors = [], []
    total = len(table.rows)
    for done, table_row in enumerate(table.rows, 1):
        reader = _RowReader(table, columns, table_row, price_unit)
        row = reader.read(default_brn)
        errors.extend(reader.errors)
        if row is not None:
            rows.append(row)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    rows, more = _attach_vendors(table, columns, rows, vendor)
    errors.extend(more)
    plan, more = _plan(table, columns, rows)
    errors.extend(more)
    result.errors = sorted(errors, key=lambda e: (e.row, e.column))
    if errors and not partial:
        return result
    result.created, result.updated, result.skipped = len(plan.new), len(plan.changed), plan.skipped
    if not dry_run:
        written = _write(plan, draft=draft, actor=actor)
        # The search entries are derived from the committed rows: tokenizing (about 1 ms a
        # product) happens after the short write transaction, not inside it.
        product_reindex(written)
    result.accepted = True
    return result


def _attach_vendors(
    table: Table, columns: dict[str, str], rows: list[_Row], only: Vendor | None
) -> tuple[list[_Row], list[RowError]]:
    brns = sorted({row.brn for row in rows})
    vendors: dict[str, Vendor] = {}
    for start in range(0, len(brns), _CHUNK):
        for vendor in Vendor.objects.filter(
            enterprise__brn__in=brns[start : start + _CHUNK]
        ).select_related("enterprise"):
            vendors[vendor.enterprise.brn] = vendor
    column = table.source_header(columns.get("brn", ""))
    good, errors = [], []
    for row in rows:
        vendor = vendors.get(row.brn)
        reason = ""
        if only is not None and row.brn != only.enterprise.brn:
            reason = _("다른 기업(사업자등록번호 %(brn)s)의 상품은 올릴 수 없습니다.")
        elif vendor is None:
            reason = _("사업자등록번호 %(brn)s은(는) 함께누리 입점기업이 아닙니다.")
        elif vendor.status != VendorStatus.APPROVED:
            reason = _(
                "사업자등록번호 %(brn)s의 기업은 입점 승인 상태가 아닙니다 (현재: %(status)s)."
            )
        if reason:
            status = vendor.get_status_display() if vendor else ""
            errors.append(
                RowError(
                    row.number, column, reason % {"brn": format_brn(row.brn), "status": status}
                )
            )
        else:
            row.vendor = vendor
            good.append(row)
    return good, errors


@dataclass
class _Plan:
    new: list[_Row] = field(default_factory=list)
    changed: list[tuple[Product, _Row]] = field(default_factory=list)
    skipped: int = 0


def _plan(table: Table, columns: dict[str, str], rows: list[_Row]) -> tuple[_Plan, list[RowError]]:
    """Match rows to stored products (same vendor, same name) and keep only real changes."""
    names = sorted({row.name for row in rows})
    vendor_ids = sorted({row.vendor.pk for row in rows})
    stored: dict[tuple[int, str], list[Product]] = {}
    products = Product.objects.select_related("category__parent__parent").prefetch_related(
        "certificates"
    )
    # Products are not indexed by name: a large file reads its vendors' products once (one
    # pass over each vendor's rows) rather than one pass per chunk of names.
    if len(names) > _CHUNK:
        wanted = set(names)
        chunks = [products.filter(vendor_id__in=vendor_ids)]
    else:
        wanted = None
        chunks = [products.filter(vendor_id__in=vendor_ids, name__in=names)]
    for chunk in chunks:
        for product in chunk.iterator(chunk_size=2_000):
            if wanted is None or product.name in wanted:
                stored.setdefault((product.vendor_id, product.name), []).append(product)
    name_column = table.source_header(columns["name"])
    plan, errors, seen = _Plan(), [], {}
    for row in rows:
        key = (row.vendor.pk, row.name)
        if key in seen:
            errors.append(
                RowError(
                    row.number,
                    name_column,
                    _("같은 기업의 상품 '%(name)s'이(가) %(first)s행에도 있습니다.")
                    % {"name": row.name, "first": seen[key]},
                )
            )
            continue
        seen[key] = row.number
        matches = stored.get(key, [])
        if len(matches) > 1:
            errors.append(
                RowError(
                    row.number,
                    name_column,
                    _(
                        "이름이 '%(name)s'인 상품이 이미 %(count)d개 있어 "
                        "어느 상품인지 알 수 없습니다."
                    )
                    % {"name": row.name, "count": len(matches)},
                )
            )
        elif not matches:
            plan.new.append(row)
        elif _changes(matches[0], row):
            plan.changed.append((matches[0], row))
        else:
            plan.skipped += 1
    return plan, errors


def _category_path(product: Product) -> tuple[str, ...]:
    names, category = [], product.category
    while category is not None:
        names.append(category.name)
        category = category.parent
    return tuple(reversed(names))


def _changes(product: Product, row: _Row) -> bool:
    for name, value in row.fields.items():
        current = _category_path(product) if name == "category_path" else getattr(product, name)
        if current != value:
            return True
    if row.certifications is None:
        return False
    return sorted(c.kind for c in product.certificates.all()) != sorted(row.certifications)


def _read_back_ids(products: list[Product], inserted_at) -> None:
    """Give the products just inserted their ids: the rows of their vendors created at the
    insert's moment, matched by vendor and name (a file's new products are new names of their
    vendor: the plan matched the stored ones). One query per chunk of vendors."""
    vendor_ids = sorted({product.vendor_id for product in products})
    ids: dict[tuple[int, str], int] = {}
    for start in range(0, len(vendor_ids), _CHUNK):
        ids.update(
            ((vendor_id, name), pk)
            for pk, vendor_id, name in Product.objects.filter(
                vendor_id__in=vendor_ids[start : start + _CHUNK], created_at=inserted_at
            )
            .order_by("pk")
            .values_list("pk", "vendor_id", "name")
        )
    for product in products:
        product.pk = ids[(product.vendor_id, product.name)]
        product._state.adding = False


def _flags(kinds: list[str] | None) -> int:
    return sum(CERTIFICATION_BITS.get(kind, 0) for kind in set(kinds or ()))


@transaction.atomic
def _write(plan: _Plan, *, draft: bool, actor) -> list[int]:
    """Write the plan in bulk in one transaction (the rows were checked in memory) and return
    the written products' ids; certification flags are set here, with the certificates."""
    now = timezone.now()
    paths = {row.fields["category_path"] for row in plan.new} | {
        row.fields["category_path"] for _p, row in plan.changed if "category_path" in row.fields
    }
    categories = {path: category_ensure(path=list(path), actor=actor) for path in sorted(paths)}

    def apply(product: Product, row: _Row) -> None:
        for name, value in row.fields.items():
            if name == "category_path":
                product.category = categories[value]
            else:
                setattr(product, name, value)

    new_products = []
    for row in plan.new:
        product = Product(
            vendor=row.vendor,
            name=row.name,
            vendor_kind=row.vendor.kind,
            district=row.vendor.district,
            status=ProductStatus.DRAFT if draft else ProductStatus.PUBLISHED,
            published_at=None if draft else now,
        )
        apply(product, row)
        product.certification_flags = _flags(row.certifications)
        new_products.append(product)
    inserted_at = bulk_insert(Product, new_products)
    _read_back_ids(new_products, inserted_at)

    changed_fields = {"updated_at"}
    for product, row in plan.changed:
        apply(product, row)
        product.updated_at = now
        changed_fields |= {"category" if n == "category_path" else n for n in row.fields}
        if row.certifications is not None:
            product.certification_flags = _flags(row.certifications)
            changed_fields.add("certification_flags")
    Product.objects.bulk_update(
        [product for product, _row in plan.changed], sorted(changed_fields), batch_size=_CHUNK
    )

    replaced = [product.pk for product, row in plan.changed if row.certifications is not None]
    for start in range(0, len(replaced), _CHUNK):
        ProductCertificate.objects.filter(product_id__in=replaced[start : start + _CHUNK]).delete()
    certificates = [
        ProductCertificate(product=product, kind=kind)
        for product, row in [*zip(new_products, plan.new, strict=True), *plan.changed]
        for kind in row.certifications or ()
    ]
    bulk_insert(ProductCertificate, certificates)
    return [p.pk for p in new_products] + [p.pk for p, _row in plan.changed]
