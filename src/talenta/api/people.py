"""Read endpoints for instansi, units, positions and employees.

Every query starts from `talenta.accounts.scope`, exactly as the screens do: an id outside the caller's
scope is simply absent (404)."""

from datetime import date

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, ModelSchema, Path, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from talenta.accounts import scope
from talenta.api.auth import access
from talenta.api.schemas import QueryInput
from talenta.core.audit import audit_bulk_read
from talenta.core.hardening import is_digits
from talenta.people import models as m
from talenta.people import selectors as people_selectors

router = Router(tags=["people"])
EVERYONE = access("people.api")
MAX_ID = 2**63 - 1  # bigint: a larger id must be a 422, not a database error


class Paging(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=10**9)

    def _items_count(self, queryset: QuerySet) -> int:
        # A view that already counted the rows (for its audit entry) hands the figure over: one COUNT.
        known = getattr(queryset, "known_count", None)
        return known if known is not None else super()._items_count(queryset)


class Problem(Schema):
    """An error: ninja's {"detail": ...}, or {"message", "errors"} for a ValidationError (422)."""

    detail: str | list[dict] | None = None
    message: str | None = None
    errors: dict | None = None


ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


class InstansiOut(ModelSchema):
    class Meta:
        model = m.Instansi
        fields = ["id", "bkn_id", "kode", "name", "short_name", "kind"]


class UnitOut(ModelSchema):
    parent_id: int | None = None

    class Meta:
        model = m.Unit
        fields = ["id", "name", "short_name", "kind", "eselon", "bkn_unor_id", "depth"]


class UnitNode(Schema):
    id: int
    name: str
    kind: str
    children: list["UnitNode"] = []


class PositionOut(ModelSchema):
    unit_id: int
    holder_id: int | None = None
    acting_holder_id: int | None = None
    vacant: bool

    class Meta:
        model = m.Position
        fields = ["id", "name", "kind", "level", "eselon", "is_critical", "bup", "vacant_from", "heads_unit"]

    @staticmethod
    def resolve_vacant(obj: m.Position) -> bool:
        return obj.current_holder is None

    @staticmethod
    def resolve_holder_id(obj: m.Position) -> int | None:
        holder = obj.current_holder
        return holder.pk if holder else None


class EmployeeOut(ModelSchema):
    unit_id: int | None = None
    position_id: int | None = None

    class Meta:
        model = m.Employee
        fields = [
            "id",
            "nip",
            "name",
            "gelar_depan",
            "gelar_belakang",
            "sex",
            "status",
            "golongan",
            "education_level",
            "birth_date",
            "tmt_jabatan",
        ]


class GolonganOut(ModelSchema):
    class Meta:
        model = m.GolonganHistory
        exclude = ["raw", "employee"]


class JabatanOut(ModelSchema):
    class Meta:
        model = m.JabatanHistory
        exclude = ["raw", "employee"]


class EducationOut(ModelSchema):
    class Meta:
        model = m.EducationHistory
        exclude = ["raw", "employee"]


class LeadershipOut(ModelSchema):
    class Meta:
        model = m.LeadershipTraining
        exclude = ["raw", "employee"]


class TrainingOut(ModelSchema):
    class Meta:
        model = m.Training
        exclude = ["raw", "employee"]


class SkpOut(ModelSchema):
    class Meta:
        model = m.SkpHistory
        exclude = ["raw", "employee"]


class DisciplineOut(ModelSchema):
    class Meta:
        model = m.DisciplineHistory
        exclude = ["raw", "employee"]


class AwardOut(ModelSchema):
    class Meta:
        model = m.AwardHistory
        exclude = ["raw", "employee"]


class EmployeeDetail(EmployeeOut):
    birth_place: str
    tmt_cpns: date | None
    tmt_pns: date | None
    tmt_golongan: date | None
    education_name: str
    golongan_history: list[GolonganOut] = Field(..., alias="golonganhistory_set")
    jabatan_history: list[JabatanOut] = Field(..., alias="jabatanhistory_set")
    education_history: list[EducationOut] = Field(..., alias="educationhistory_set")
    leadership_training: list[LeadershipOut] = Field(..., alias="leadershiptraining_set")
    training: list[TrainingOut] = Field(..., alias="training_set")
    skp: list[SkpOut] = Field(..., alias="skphistory_set")
    discipline: list[DisciplineOut] = Field(..., alias="disciplinehistory_set")
    awards: list[AwardOut] = Field(..., alias="awardhistory_set")


class Filters(QueryInput):
    """The filters every list of this router shares (none yet beyond the NUL rule of `QueryInput`)."""


# ------------------------------------------------------------------------------------------ instansi


@router.get("/instansi", response={200: list[InstansiOut], **ERRORS}, auth=EVERYONE)
def instansi_list(request: HttpRequest) -> QuerySet[m.Instansi]:
    return scope.instansi_for(request.auth)


@router.get("/instansi/{instansi_id}", response={200: InstansiOut, **ERRORS}, auth=EVERYONE)
def instansi_detail(request: HttpRequest, instansi_id: int = Path(..., ge=1, le=MAX_ID)) -> m.Instansi:
    return get_object_or_404(scope.instansi_for(request.auth), pk=instansi_id)


# --------------------------------------------------------------------------------------------- units


class UnitFilters(Filters):
    q: str | None = Field(None, description="Part of the unit's name.")
    parent: int | None = Field(None, ge=1, le=MAX_ID, description="Direct children of this unit.")
    kind: str | None = None


@router.get("/units", response={200: list[UnitOut], **ERRORS}, auth=EVERYONE)
@paginate(Paging)
def unit_list(request: HttpRequest, filters: Query[UnitFilters]) -> QuerySet[m.Unit]:
    qs = scope.units_for(request.auth).order_by("path")
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(short_name__icontains=filters.q))
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs


@router.get("/units/tree", response={200: list[UnitNode], **ERRORS}, auth=EVERYONE)
def unit_tree(request: HttpRequest) -> list[dict]:
    """The caller's units as a tree (roots are the units whose parent is out of scope)."""
    units = list(scope.units_for(request.auth).order_by("path").values("id", "name", "kind", "parent_id"))
    nodes = {u["id"]: {**u, "children": []} for u in units}
    roots = []
    for u in units:
        parent = nodes.get(u["parent_id"])
        (parent["children"] if parent else roots).append(nodes[u["id"]])
    return roots


@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS}, auth=EVERYONE)
def unit_detail(request: HttpRequest, unit_id: int = Path(..., ge=1, le=MAX_ID)) -> m.Unit:
    return get_object_or_404(scope.units_for(request.auth), pk=unit_id)


# ----------------------------------------------------------------------------------------- positions


class PositionFilters(Filters):
    q: str | None = None
    level: str | None = None
    kind: str | None = None
    vacant: bool | None = None
    critical: bool | None = None
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="Positions in this unit and its subunits.")


@router.get("/positions", response={200: list[PositionOut], **ERRORS}, auth=EVERYONE)
@paginate(Paging)
def position_list(request: HttpRequest, filters: Query[PositionFilters]) -> QuerySet[m.Position]:
    qs = scope.positions_for(request.auth).select_related("holder")
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.vacant is not None:
        qs = qs.filter(holder__isnull=filters.vacant)
    if filters.critical is not None:
        qs = qs.filter(is_critical=filters.critical)
    if filters.unit is not None:
        unit = get_object_or_404(scope.units_for(request.auth), pk=filters.unit)
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


@router.get("/positions/{position_id}", response={200: PositionOut, **ERRORS}, auth=EVERYONE)
def position_detail(request: HttpRequest, position_id: int = Path(..., ge=1, le=MAX_ID)) -> m.Position:
    return get_object_or_404(scope.positions_for(request.auth).select_related("holder"), pk=position_id)


# ----------------------------------------------------------------------------------------- employees


class EmployeeFilters(Filters):
    q: str | None = Field(None, description="Part of the name, or the start of the NIP.")
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="Employees of this unit and its subunits.")
    golongan: str | None = None
    status: str | None = None
    education_level: str | None = None


@router.get("/employees", response={200: list[EmployeeOut], **ERRORS}, auth=EVERYONE)
@paginate(Paging)
def employee_list(request: HttpRequest, filters: Query[EmployeeFilters]) -> QuerySet[m.Employee]:
    qs = scope.employees_for(request.auth).defer("raw").order_by("name", "id")
    if filters.q:
        q = filters.q.strip()
        qs = qs.filter(nip__startswith=q) if is_digits(q) else qs.filter(name__icontains=q)
    if filters.unit is not None:
        unit = get_object_or_404(scope.units_for(request.auth), pk=filters.unit)
        qs = qs.filter(unit__path__startswith=unit.path)
    for field in ("golongan", "status", "education_level"):
        if value := getattr(filters, field):
            qs = qs.filter(**{field: value})
    qs.known_count = qs.count()  # rows matching the filters: in the audit entry and the page's "count"
    audit_bulk_read(request, action="api.employees_list", rows=qs.known_count)
    return qs


@router.get("/employees/{employee_id}", response={200: EmployeeDetail, **ERRORS}, auth=EVERYONE)
def employee_detail(request: HttpRequest, employee_id: int = Path(..., ge=1, le=MAX_ID)) -> m.Employee:
    qs = scope.employees_for(request.auth).prefetch_related(*people_selectors.history_prefetches())
    return get_object_or_404(qs, pk=employee_id)
