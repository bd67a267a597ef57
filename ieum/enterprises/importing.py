"""Enterprise import from a spreadsheet: the national social enterprise list (한국사회적기업
진흥원 인증 현황) or ieum's own export (see exports.HEADERS).

All-or-nothing unless `partial`: one bad row and nothing is written, and every bad row is
reported with its row number, its column as written in the file and a Korean reason.
Enterprises are matched by brn, so importing the same file twice changes nothing.
An empty cell (or '-') leaves the stored value as it is: a file never erases data.

Files are read as people write them: the header is found by its names below a merged title or
a unit row; header names ignore spaces, full-width forms (NFKC) and a bracketed note
('근로자수(명)'); codes, numbers, dates and choice words are read in their plain forms
('１２３－４５－６７８９０', '１２명'), names and addresses are kept as written but trimmed.
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ieum.core.dates import parse_date
from ieum.core.districts import normalize_district
from ieum.core.idnumbers import format_brn, format_crn, normalize_brn, normalize_crn
from ieum.core.permissions import require_permission
from ieum.core.tabular import (
    INT_MAX,
    ImportReport,
    RowError,
    Table,
    TableRow,
    TabularError,
    cell_text,
    header_note,
    locate_header,
    plain_text,
)

from .choices import EnterpriseKind, SocialPurpose
from .models import Certification, Enterprise
from .services import enterprise_search_index, enterprise_sort_keys_refresh

# Header (as normalised by core.tabular: no spaces) → what it holds. The first header of each
# key is the one ieum exports; the others are the national list's words and common variants.
HEADER_KEYS: dict[str, str] = {
    "기업명": "name",
    "기관명": "name",
    "사업자등록번호": "brn",
    "사업자번호": "brn",
    "법인등록번호": "crn",
    "법인번호": "crn",
    "대표자": "representative",
    "대표자명": "representative",
    "소재지": "address",
    "주소": "address",
    "자치구": "district",
    "지역": "region",
    "업종": "industry",
    "사업내용": "business_description",
    "사회적목적실현유형": "social_purpose",
    "사회서비스분야": "social_service_field",
    "근로자수": "employees",
    "설립일": "founded_on",
    "홈페이지": "homepage",
    "기업유형": "kinds",
    "인증번호": "certification_number",
    "인증일자": "certified_on",
    "인증회차": "certification_round",
}

# The headers a file must have, for messages (headers stay Korean: they are what the file holds).
REQUIRED_KEYS = {"name": gettext_lazy("기업명(또는 기관명)"), "brn": "사업자등록번호"}
CERTIFICATION_KEYS = ("certification_number", "certified_on", "certification_round")
# Plain text columns copied to the enterprise as they are.
TEXT_KEYS = (
    "representative",
    "address",
    "industry",
    "business_description",
    "social_service_field",
)
EMPTY_MARKS = frozenset({"-", "–", "—"})
OTHER_PROVINCES = (
    "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북", "충남",
    "충청", "전북", "전남", "전라", "경북", "경남", "경상", "제주",
)  # fmt: skip
PROGRESS_EVERY = 100
_CHUNK = 500
_LABEL_NOISE = re.compile(r"[\s·ㆍ().\-]")
_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)


def _label_key(text: str) -> str:
    return _LABEL_NOISE.sub("", text).lower()


def _header_key(header: str) -> str | None:
    """What a normalised header holds: its own name, else without a bracketed note
    ('근로자수(명)' → employees)."""
    return HEADER_KEYS.get(header) or HEADER_KEYS.get(header_note(header)[0])


def _korean_choices(choices: type[models.TextChoices]) -> list[tuple[str, str]]:
    """(value, label) with the Korean label: a file holds Korean whatever the page's language."""
    with translation.override("ko"):
        return [(value, str(label)) for value, label in choices.choices]


def _purpose_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in _korean_choices(SocialPurpose):
        for word in (value, label, label.removesuffix("형")):
            lookup[_label_key(word)] = value
    for word in ("기타", "기타형", "창의혁신", "창의혁신형"):
        lookup[_label_key(word)] = SocialPurpose.OTHER
    return lookup


def _kind_lookup() -> dict[str, str]:
    return {
        _label_key(word): value
        for value, label in _korean_choices(EnterpriseKind)
        for word in (value, label)
    }


PURPOSES = _purpose_lookup()
KINDS = _kind_lookup()
PURPOSE_LABELS = ", ".join(label for _value, label in _korean_choices(SocialPurpose))
KIND_LABELS = ", ".join(label for _value, label in _korean_choices(EnterpriseKind))


@dataclass
class ImportResult(ImportReport):
    """The report (errors and counts) plus what the caller needs to describe the run.

    With errors and not `partial`, nothing is written and every count is 0. A dry run
    reports exactly what the same import would have done.
    """

    rows: int = 0
    partial: bool = False
    dry_run: bool = False
    ignored_columns: list[str] = field(default_factory=list)
    # The good rows were written (in a dry run: would have been). False when the file
    # could not be used, or when it had a bad row and the import was not partial.
    accepted: bool = False


@dataclass
class _Certification:
    kind: str
    number: str = ""
    certified_on: dt.date | None = None
    round: str = ""

    @property
    def has_details(self) -> bool:
        return bool(self.number or self.certified_on or self.round)


@dataclass
class _Row:
    number: int
    fields: dict[str, object]
    certifications: list[_Certification]


class _RowReader:
    """Reads one TableRow into enterprise fields, collecting every problem in the row."""

    def __init__(self, table: Table, columns: dict[str, str], row: TableRow):
        self.table = table
        self.columns = columns
        self.row = row
        self.errors: list[RowError] = []

    def error(self, key: str, reason: str) -> None:
        header = self.columns.get(key, "")
        self.errors.append(RowError(self.row.number, self.table.source_header(header), reason))

    def value(self, key: str) -> object:
        header = self.columns.get(key)
        value = self.row.values.get(header, "") if header else ""
        if isinstance(value, str) and plain_text(value) in EMPTY_MARKS:
            return ""
        return value

    def text(self, key: str) -> str:
        """As written, trimmed (names, addresses, descriptions)."""
        return cell_text(self.value(key))

    def plain(self, key: str) -> str:
        """In plain forms (NFKC), trimmed (codes, numbers, dates, choice words)."""
        return plain_text(self.value(key))

    def read(self) -> _Row | None:
        fields: dict[str, object] = {}
        name = self.text("name")
        if name:
            fields["name"] = name
        else:
            self.error("name", _("기업명이 비어 있습니다."))
        brn = self.plain("brn")
        if not brn:
            self.error("brn", _("사업자등록번호가 비어 있습니다."))
        else:
            try:
                fields["brn"] = normalize_brn(brn)
            except ValueError as exc:
                self.error("brn", str(exc))
        if crn := self.plain("crn"):
            try:
                fields["crn"] = normalize_crn(crn)
            except ValueError as exc:
                self.error("crn", str(exc))
        for key in TEXT_KEYS:
            if text := self.text(key):
                fields[key] = text
        if district := self.district():
            fields["district"] = district
        if purpose := self.plain("social_purpose"):
            if _label_key(purpose) in PURPOSES:
                fields["social_purpose"] = PURPOSES[_label_key(purpose)]
            else:
                self.error(
                    "social_purpose",
                    _(
                        "사회적목적실현유형 '%(purpose)s'을(를) 알 수 없습니다 "
                        "(가능한 값: %(choices)s)."
                    )
                    % {"purpose": purpose, "choices": PURPOSE_LABELS},
                )
        if self.text("employees"):
            self.employees(fields)
        if self.text("founded_on"):
            self.date("founded_on", fields)
        if homepage := self.plain("homepage"):
            fields["homepage"] = homepage if _URL_SCHEME.match(homepage) else f"http://{homepage}"
        certifications = self.certifications()
        self.model_checks(fields)
        if self.errors:
            return None
        return _Row(self.row.number, fields, certifications)

    def district(self) -> str | None:
        """From 자치구, else from 지역 (the national list: '서울' or a district), else 소재지."""
        if given := self.plain("district"):
            district = normalize_district(given)
            if district is None:
                self.error(
                    "district",
                    _("'%(district)s'은(는) 서울시 자치구가 아닙니다.") % {"district": given},
                )
            return district
        region = self.plain("region")
        if region:
            if district := normalize_district(region):
                return district
            if not region.startswith("서울"):
                self.error(
                    "region",
                    _("서울시 기업만 등록할 수 있습니다 (지역: '%(region)s').")
                    % {"region": region},
                )
                return None
        address = self.plain("address")
        if not address:
            key = "district" if "district" in self.columns else "address"
            self.error(key, _("자치구를 알 수 없습니다. 자치구나 소재지를 적어 주세요."))
            return None
        if address.startswith(OTHER_PROVINCES):
            self.error(
                "address", _("소재지 '%(address)s'은(는) 서울시가 아닙니다.") % {"address": address}
            )
            return None
        district = normalize_district(address)
        if district is None:
            self.error(
                "address",
                _("소재지 '%(address)s'에서 서울시 자치구를 찾을 수 없습니다.")
                % {"address": address},
            )
        return district

    def employees(self, fields: dict) -> None:
        value = self.value("employees")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            count = value
        else:
            text = plain_text(value).replace(",", "").replace(" ", "").removesuffix("명")
            count = int(text) if text.isdigit() and text.isascii() else -1
        if count < 0 or count > INT_MAX:
            self.error(
                "employees",
                _(
                    "근로자수 '%(value)s'을(를) 읽을 수 없습니다. "
                    "0 이상의 정수로 적어 주세요 (예: 12 또는 12명)."
                )
                % {"value": cell_text(value)},
            )
        else:
            fields["employees"] = count

    def date(self, key: str, fields: dict) -> None:
        value = self.value(key)
        try:
            fields[key] = parse_date(plain_text(value) if isinstance(value, str) else value)
        except ValueError as exc:
            self.error(key, str(exc))

    def certifications(self) -> list[_Certification]:
        """The kinds in 기업유형; the certification columns belong to the 사회적기업 kind.

        A file with certification columns and no 기업유형 column is the national list, whose
        every row is a certified social enterprise.
        """
        kinds: list[str] = []
        for part in re.split(r"[,/]", self.plain("kinds")):
            if not part.strip():
                continue
            kind = KINDS.get(_label_key(part))
            if kind is None:
                self.error(
                    "kinds",
                    _("기업유형 '%(kind)s'을(를) 알 수 없습니다 (가능한 값: %(choices)s).")
                    % {"kind": part.strip(), "choices": KIND_LABELS},
                )
            elif kind not in kinds:
                kinds.append(kind)
        details: dict[str, object] = {}
        if number := self.plain("certification_number"):
            details["number"] = number
        if round_ := self.plain("certification_round"):
            details["round"] = round_
        if self.text("certified_on"):
            self.date("certified_on", details)
        national = "kinds" not in self.columns and any(
            k in self.columns for k in CERTIFICATION_KEYS
        )
        if (national or details) and not kinds:
            kinds.append(EnterpriseKind.SOCIAL_ENTERPRISE)
        if details and EnterpriseKind.SOCIAL_ENTERPRISE not in kinds:
            key = next(k for k in CERTIFICATION_KEYS if self.text(k))
            self.error(
                key,
                _(
                    "인증번호·인증일자·인증회차는 사회적기업의 인증 정보입니다. "
                    "기업유형에 사회적기업을 넣어 주세요."
                ),
            )
        return [
            _Certification(kind, **details)
            if kind == EnterpriseKind.SOCIAL_ENTERPRISE
            else _Certification(kind)
            for kind in kinds
        ]

    def model_checks(self, fields: dict) -> None:
        """The model's own field rules (lengths, URL) on the values this row gives."""
        try:
            Enterprise(**fields).clean_fields(exclude=set(_unset_fields(fields)))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                key = name if name in self.columns else "address"
                for message in messages:
                    self.error(key, message)


def _unset_fields(fields: dict) -> list[str]:
    return [f.name for f in Enterprise._meta.concrete_fields if f.name not in fields]


def _columns(table: Table) -> tuple[Table, dict[str, str], list[str], list[RowError]]:
    """The table with its header found by its names (below any title or unit rows), {key:
    header} of the known columns, the ignored headers and any file-level errors."""
    try:
        table = locate_header(table, lambda header: _header_key(header) is not None)
    except TabularError as exc:  # the header found names a column twice
        return table, {}, [], [RowError(0, "", str(exc))]
    columns: dict[str, str] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for header in table.headers:
        key = _header_key(header)
        if key is None:
            ignored.append(table.source_header(header))
        elif key in columns:
            first, second = table.source_header(columns[key]), table.source_header(header)
            errors.append(
                RowError(
                    table.header_row,
                    second,
                    _("'%(column)s' 열과 같은 내용입니다. 둘 중 하나만 남겨 주세요.")
                    % {"column": first},
                )
            )
        else:
            columns[key] = header
    required = ", ".join([*map(str, REQUIRED_KEYS.values()), _("자치구 또는 소재지")])
    for key, label in REQUIRED_KEYS.items():
        if key not in columns:
            errors.append(
                RowError(
                    table.header_row,
                    "",
                    _(
                        "%(column)s 열이 없습니다. %(row)s행을 열 이름으로 읽었습니다 "
                        "(필요한 열: %(all)s)."
                    )
                    % {"column": label, "row": table.header_row, "all": required},
                )
            )
    if not {"district", "region", "address"} & columns.keys():
        errors.append(
            RowError(
                table.header_row,
                "",
                _("자치구 또는 소재지 열이 있어야 합니다. %(row)s행을 열 이름으로 읽었습니다.")
                % {"row": table.header_row},
            )
        )
    return table, columns, ignored, errors


def enterprise_import(
    *,
    table: Table,
    partial: bool = False,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    actor,
) -> ImportResult:
    """Create or update enterprises (matched by brn) and their kinds from `table`.

    `partial` writes the good rows and reports the rest; `dry_run` writes nothing.
    `progress(processed, total)` is called as rows are validated.
    """
    require_permission(actor, "enterprises.import")
    table, columns, ignored, file_errors = _columns(table)
    total = len(table.rows)
    result = ImportResult(rows=total, partial=partial, dry_run=dry_run, ignored_columns=ignored)
    if not file_errors and not total:
        file_errors.append(
            RowError(table.header_row, "", _("열 이름 아래에 가져올 행이 없습니다."))
        )
    if file_errors:
        result.errors = file_errors
        return result

    rows, errors = _read_rows(table, columns, progress)
    rows, more_errors = _check_against_registry(table, columns, rows)
    errors.extend(more_errors)
    result.errors = sorted(errors, key=lambda e: e.row)
    if errors and not partial:
        return result

    plan = _plan(rows)
    result.created, result.updated, result.skipped = (
        len(plan.new_enterprises),
        len(plan.changed_enterprise_ids),
        plan.skipped,
    )
    if not dry_run:
        written = _write(plan)
        # The search entries are derived from the committed rows, after the short write.
        enterprise_search_index(written)
    result.accepted = True
    return result


def _read_rows(
    table: Table, columns: dict[str, str], progress: Callable[[int, int], None] | None
) -> tuple[list[_Row], list[RowError]]:
    rows: list[_Row] = []
    errors: list[RowError] = []
    brn_rows: dict[str, int] = {}
    crn_rows: dict[str, int] = {}
    total = len(table.rows)
    for done, table_row in enumerate(table.rows, 1):
        reader = _RowReader(table, columns, table_row)
        row = reader.read()
        if row is not None:
            brn, crn = row.fields["brn"], row.fields.get("crn")
            if brn in brn_rows:
                reader.error(
                    "brn",
                    _("사업자등록번호 %(brn)s이(가) %(first)s행과 %(second)s행에 두 번 나옵니다.")
                    % {"brn": format_brn(brn), "first": brn_rows[brn], "second": row.number},
                )
            elif crn and crn in crn_rows:
                reader.error(
                    "crn",
                    _("법인등록번호 %(crn)s이(가) %(first)s행과 %(second)s행에 두 번 나옵니다.")
                    % {"crn": format_crn(crn), "first": crn_rows[crn], "second": row.number},
                )
            else:
                brn_rows[brn] = row.number
                if crn:
                    crn_rows[crn] = row.number
                rows.append(row)
        errors.extend(reader.errors)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    return rows, errors


def _chunks(items: list, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_against_registry(
    table: Table, columns: dict[str, str], rows: list[_Row]
) -> tuple[list[_Row], list[RowError]]:
    """A crn belongs to one enterprise (a database constraint): refuse rows that would give
    another enterprise's crn to this one."""
    crns = [row.fields["crn"] for row in rows if row.fields.get("crn")]
    owners: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(crns):
        for crn, brn, name in Enterprise.objects.filter(crn__in=chunk).values_list(
            "crn", "brn", "name"
        ):
            owners[crn] = (brn, name)
    good: list[_Row] = []
    errors: list[RowError] = []
    for row in rows:
        owner = owners.get(row.fields.get("crn", ""))
        if owner and owner[0] != row.fields["brn"]:
            errors.append(
                RowError(
                    row.number,
                    table.source_header(columns["crn"]),
                    _(
                        "법인등록번호 %(crn)s은(는) 이미 다른 기업 "
                        "'%(name)s'(%(brn)s)에 등록되어 있습니다."
                    )
                    % {
                        "crn": format_crn(row.fields["crn"]),
                        "name": owner[1],
                        "brn": format_brn(owner[0]),
                    },
                )
            )
        else:
            good.append(row)
    return good, errors


@dataclass
class _Plan:
    new_enterprises: list[Enterprise] = field(default_factory=list)
    changed_enterprises: list[Enterprise] = field(default_factory=list)
    changed_fields: set[str] = field(default_factory=set)
    changed_enterprise_ids: set[int] = field(default_factory=set)
    new_certifications: list[Certification] = field(default_factory=list)
    changed_certifications: list[Certification] = field(default_factory=list)
    skipped: int = 0


def _plan(rows: list[_Row]) -> _Plan:
    """What writing these rows changes, compared with what is stored."""
    existing: dict[str, Enterprise] = {}
    for chunk in _chunks([row.fields["brn"] for row in rows]):
        existing.update((e.brn, e) for e in Enterprise.objects.filter(brn__in=chunk))
    stored_certifications: dict[int, list[Certification]] = defaultdict(list)
    for chunk in _chunks([e.pk for e in existing.values()]):
        for certification in Certification.objects.filter(enterprise_id__in=chunk):
            stored_certifications[certification.enterprise_id].append(certification)

    plan = _Plan()
    for row in rows:
        enterprise = existing.get(row.fields["brn"])
        if enterprise is None:
            enterprise = Enterprise(**row.fields)
            plan.new_enterprises.append(enterprise)
            plan.new_certifications.extend(
                Certification(
                    enterprise=enterprise,
                    kind=c.kind,
                    number=c.number,
                    certified_on=c.certified_on,
                    round=c.round,
                )
                for c in row.certifications
            )
            continue
        changed = {name for name, value in row.fields.items() if getattr(enterprise, name) != value}
        for name in changed:
            setattr(enterprise, name, row.fields[name])
        if changed:
            plan.changed_enterprises.append(enterprise)
            plan.changed_fields |= changed
        certifications_changed = _plan_certifications(
            plan, enterprise, row.certifications, stored_certifications[enterprise.pk]
        )
        if changed or certifications_changed:
            plan.changed_enterprise_ids.add(enterprise.pk)
        else:
            plan.skipped += 1
    return plan


def _plan_certifications(
    plan: _Plan, enterprise: Enterprise, wanted: list[_Certification], stored: list[Certification]
) -> bool:
    """Add the kinds and certification details the row gives; never remove a stored one."""
    changed = False
    for certification in wanted:
        same_kind = [c for c in stored if c.kind == certification.kind]
        if not certification.has_details:
            if not same_kind:
                plan.new_certifications.append(
                    Certification(enterprise=enterprise, kind=certification.kind)
                )
                changed = True
            continue
        match = (
            _first(same_kind, certified_on=certification.certified_on)
            if certification.certified_on
            else None
        )
        if match is None and certification.number:
            match = _first(same_kind, number=certification.number)
        if match is None:
            match = _first(same_kind, number="", certified_on=None)
        if match is None:
            plan.new_certifications.append(
                Certification(
                    enterprise=enterprise,
                    kind=certification.kind,
                    number=certification.number,
                    certified_on=certification.certified_on,
                    round=certification.round,
                )
            )
            changed = True
            continue
        updates = {
            name: value
            for name, value in (
                ("number", certification.number),
                ("certified_on", certification.certified_on),
                ("round", certification.round),
            )
            if value and getattr(match, name) != value
        }
        if updates:
            for name, value in updates.items():
                setattr(match, name, value)
            if match.pk not in {c.pk for c in plan.changed_certifications}:
                plan.changed_certifications.append(match)
            changed = True
    return changed


def _first(certifications: list[Certification], **values) -> Certification | None:
    for certification in certifications:
        if all(getattr(certification, name) == value for name, value in values.items()):
            return certification
    return None


@transaction.atomic
def _write(plan: _Plan) -> list[int]:
    """Write the plan in one transaction; returns the ids of the enterprises it changed."""
    now = timezone.now()
    Enterprise.objects.bulk_create(plan.new_enterprises, batch_size=_CHUNK)
    for enterprise in plan.changed_enterprises:
        enterprise.updated_at = now
    if plan.changed_enterprises:
        Enterprise.objects.bulk_update(
            plan.changed_enterprises,
            sorted(plan.changed_fields | {"updated_at"}),
            batch_size=_CHUNK,
        )
    Certification.objects.bulk_create(plan.new_certifications, batch_size=_CHUNK)
    for certification in plan.changed_certifications:
        certification.updated_at = now
    Certification.objects.bulk_update(
        plan.changed_certifications,
        ["number", "certified_on", "round", "updated_at"],
        batch_size=_CHUNK,
    )
    written = [e.pk for e in plan.new_enterprises] + sorted(plan.changed_enterprise_ids)
    enterprise_sort_keys_refresh(written)
    return written
