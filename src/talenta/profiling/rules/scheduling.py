"""Wave scheduling for a profiling campaign (RULES.md §9): a pure function, no Django, no clock.

Formulation. Participants with the same OPD, the same set of admissible waves and the same pin are
interchangeable, so they are aggregated into *classes*; the integer variables are x[c, w] = how many of
class c sit in wave w. This is a network flow (source → class → (OPD, wave) → wave → sink), so every
capacity rule is a linear constraint:

- every participant placed once:              Σ_w x[c, w] = |c|
- no wave over capacity:                       size_w = Σ_c x[c, w] ≤ capacity_w
- at most `max_per_opd` of one OPD per wave:   Σ_{c ∈ g} x[c, w] ≤ cap
- unavailable dates and pins: x[c, w] exists only for the waves the class may take.

On top of it the objective asks, lexicographically, for (1) balanced waves: minimise M − m with
size_w ≤ M and size_w + short_w ≥ m, where short_w is how far the wave's capacity falls below the
water-filling level (a small wave that is full counts as balanced: "where capacity allows"), and (2) OPDs
spread as evenly as possible: minimise the seats of an OPD in a wave above its even share ⌈n_g / W⌉.
HiGHS (scipy.optimize.milp) solves it; the flow structure keeps it near the LP relaxation.

Before solving, the necessary conditions are checked one by one so an infeasible plan is reported as
the rule that fails and by how much; when all pass but the flow still cannot place everyone (a Hall
violation, e.g. many people free only on one day), a maximum flow finds the set of participants that
cannot all be seated and the shortfall.

Determinism: classes, waves and variables are built in a fixed order, HiGHS runs single-threaded, and
members of a class are handed out in id order.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow

from talenta.core.wording import WordedError, gettext_noop

DEFAULT_SLOTS: tuple[tuple[time, time], ...] = ((time(8, 0), time(12, 0)), (time(13, 0), time(17, 0)))


@dataclass(frozen=True)
class Person:
    id: str
    group: str  # the OPD (perangkat daerah) the per-wave cap counts against
    unavailable: frozenset[date] = frozenset()
    pin: int | None = None  # a wave number that must be kept
    label: str = ""  # how a message names him (name and NIP); his id when empty

    @property
    def shown(self) -> str:
        return self.label or self.id


@dataclass(frozen=True)
class WaveSpec:
    number: int  # 1-based
    day: date
    start: time
    end: time
    capacity: int


@dataclass(frozen=True)
class Schedule:
    assignment: dict[str, int]  # person id → wave number
    sizes: dict[int, int]  # wave number → participants
    max_per_group: dict[int, int] = field(default_factory=dict)  # wave number → largest OPD count

    @property
    def spread(self) -> int:
        return max(self.sizes.values()) - min(self.sizes.values()) if self.sizes else 0


class SchedulingError(WordedError):
    """The plan cannot be made. `code` names the failing rule, `shortfall` says by how much; the message is
    worded in the reader's language (core.wording)."""

    def __init__(
        self,
        code: str,
        template: str,
        params: dict[str, object] | None = None,
        *,
        shortfall: int = 0,
        subject: str = "",
    ) -> None:
        super().__init__(template, params)
        self.code = code
        self.shortfall = shortfall
        self.subject = subject


def parse_slots(text: str) -> tuple[tuple[time, time], ...]:
    """'08:00-12:00,13:00-17:00' → ((08:00, 12:00), (13:00, 17:00))."""
    slots = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            a, b = part.split("-")
            start, end = time.fromisoformat(a.strip()), time.fromisoformat(b.strip())
        except ValueError as exc:
            raise SchedulingError(
                "slots",
                gettext_noop("Time slot '%(slot)s' is not recognised; write it like 08:00-12:00."),
                {"slot": part},
            ) from exc
        if end <= start:
            raise SchedulingError(
                "slots",
                gettext_noop("Time slot '%(slot)s': the end must be after the start."),
                {"slot": part},
            )
        slots.append((start, end))
    if not slots:
        raise SchedulingError("slots", gettext_noop("There is no time slot."))
    return tuple(slots)


def plan_waves(
    *,
    start: date,
    days: int,
    capacity: int,
    waves: int | None = None,
    waves_per_day: int | None = None,
    slots: Sequence[tuple[time, time]] = DEFAULT_SLOTS,
) -> list[WaveSpec]:
    """The waves of a campaign. Waves fill days in order: with W waves over D days each day holds
    ⌈W / D⌉ waves in the order of the slots (10 waves, 5 days, 2 slots → 2 a day)."""
    if days < 1:
        raise SchedulingError("days", gettext_noop("The number of days is at least 1."))
    if capacity < 1:
        raise SchedulingError("capacity", gettext_noop("The capacity of a wave is at least 1 seat."))
    if waves is None:
        per_day = waves_per_day or len(slots)
        waves = per_day * days
    else:
        if waves < 1:
            raise SchedulingError("waves", gettext_noop("The number of waves is at least 1."))
        per_day = math.ceil(waves / days)
    if per_day > len(slots):
        raise SchedulingError(
            "slots",
            gettext_noop(
                "%(waves)s waves in %(days)s days need %(per_day)s sessions a day, but there are only "
                "%(slots)s time slots (%(short)s slots short)."
            ),
            {
                "waves": waves,
                "days": days,
                "per_day": per_day,
                "slots": len(slots),
                "short": per_day - len(slots),
            },
            shortfall=per_day - len(slots),
        )
    out = []
    for i in range(waves):
        s, e = slots[i % per_day]
        out.append(
            WaveSpec(
                number=i + 1, day=start + timedelta(days=i // per_day), start=s, end=e, capacity=capacity
            )
        )
    return out


def _natural_key(text: str) -> tuple:
    return (len(text), text) if text.isdigit() else (0, text)


def _check_necessary(people: Sequence[Person], waves: Sequence[WaveSpec], cap: int | None) -> None:
    """Necessary conditions, each reported as the rule that fails and by how much."""
    numbers = {w.number for w in waves}
    by_number = {w.number: w for w in waves}
    total = sum(w.capacity for w in waves)
    uniform = {w.capacity for w in waves}
    if len(people) > total:
        short, n, w = len(people) - total, len(people), len(waves)
        raise SchedulingError(
            "capacity",
            gettext_noop(
                "The capacity is %(short)s seats short: %(n)s participants, %(waves)s waves × "
                "%(seats)s seats = %(total)s seats."
            )
            if len(uniform) == 1
            else gettext_noop(
                "The capacity is %(short)s seats short: %(n)s participants, %(waves)s waves = "
                "%(total)s seats."
            ),
            {"short": short, "n": n, "waves": w, "seats": next(iter(uniform), 0), "total": total},
            shortfall=len(people) - total,
        )
    seen: set[str] = set()
    for p in people:
        if p.id in seen:
            raise SchedulingError(
                "duplicate",
                gettext_noop("Participant %(who)s is listed more than once."),
                {"who": p.shown},
                subject=p.id,
            )
        seen.add(p.id)
        if p.pin is not None:
            if p.pin not in numbers:
                raise SchedulingError(
                    "pin",
                    gettext_noop("Participant %(who)s is pinned to wave %(wave)s, which does not exist."),
                    {"who": p.shown, "wave": p.pin},
                    subject=p.id,
                )
            if by_number[p.pin].day in p.unavailable:
                raise SchedulingError(
                    "pin",
                    gettext_noop(
                        "Participant %(who)s is pinned to wave %(wave)s on %(day)s, a date he said he "
                        "cannot attend."
                    ),
                    {"who": p.shown, "wave": p.pin, "day": by_number[p.pin].day},
                    subject=p.id,
                )
        elif all(w.day in p.unavailable for w in waves):
            raise SchedulingError(
                "unavailable",
                gettext_noop(
                    "Participant %(who)s cannot attend on any date of the waves (1 seat short on another "
                    "date)."
                ),
                {"who": p.shown},
                shortfall=1,
                subject=p.id,
            )
    pinned: dict[int, int] = defaultdict(int)
    pinned_group: dict[tuple[str, int], int] = defaultdict(int)
    for p in people:
        if p.pin is not None:
            pinned[p.pin] += 1
            pinned_group[p.group, p.pin] += 1
    for n in sorted(pinned):
        if pinned[n] > by_number[n].capacity:
            over = pinned[n] - by_number[n].capacity
            raise SchedulingError(
                "pin",
                gettext_noop(
                    "Wave %(wave)s: %(n)s participants pinned, capacity %(capacity)s (%(over)s over)."
                ),
                {"wave": n, "n": pinned[n], "capacity": by_number[n].capacity, "over": over},
                shortfall=over,
                subject=str(n),
            )
    if cap is not None:
        for (g, n), k in sorted(pinned_group.items()):
            if k > cap:
                raise SchedulingError(
                    "opd_cap",
                    gettext_noop(
                        "OPD %(opd)s: %(n)s participants pinned to wave %(wave)s, at most %(cap)s a wave "
                        "(%(over)s over)."
                    ),
                    {"opd": g, "n": k, "wave": n, "cap": cap, "over": k - cap},
                    shortfall=k - cap,
                    subject=g,
                )
        counts: dict[str, int] = defaultdict(int)
        for p in people:
            counts[p.group] += 1
        for g in sorted(counts):
            limit = cap * len(waves)
            if counts[g] > limit:
                raise SchedulingError(
                    "opd_cap",
                    gettext_noop(
                        "OPD %(opd)s: %(n)s participants, at most %(cap)s a wave × %(waves)s waves = "
                        "%(limit)s (%(over)s over)."
                    ),
                    {
                        "opd": g,
                        "n": counts[g],
                        "cap": cap,
                        "waves": len(waves),
                        "limit": limit,
                        "over": counts[g] - limit,
                    },
                    shortfall=counts[g] - limit,
                    subject=g,
                )


@dataclass
class _Model:
    classes: list[tuple[str, tuple[int, ...]]]  # (group, admissible wave indexes)
    members: list[list[str]]
    groups: list[str]


def _classes(people: Sequence[Person], waves: Sequence[WaveSpec]) -> _Model:
    index = {w.number: i for i, w in enumerate(waves)}
    buckets: dict[tuple[str, tuple[int, ...]], list[str]] = {}
    for p in people:
        if p.pin is not None:
            allowed: tuple[int, ...] = (index[p.pin],)
        else:
            allowed = tuple(i for i, w in enumerate(waves) if w.day not in p.unavailable)
        buckets.setdefault((p.group, allowed), []).append(p.id)
    keys = sorted(buckets, key=lambda k: (k[0], k[1]))
    return _Model(
        classes=keys,
        members=[sorted(buckets[k], key=_natural_key) for k in keys],
        groups=sorted({k[0] for k in keys}),
    )


def _hall_violation(model: _Model, waves: Sequence[WaveSpec], cap: int | None) -> None:
    """Max flow source → class → (group, wave) → wave → sink; when it is short, the participants still
    reachable from the source in the residual graph are the ones that cannot all be seated."""
    n_c, n_w, n_g = len(model.classes), len(waves), len(model.groups)
    g_index = {g: i for i, g in enumerate(model.groups)}
    # Nodes: 0 source, 1 sink, classes, group-waves, waves.
    c0, gw0, w0 = 2, 2 + n_c, 2 + n_c + n_g * n_w
    big = sum(len(m) for m in model.members) + 1
    rows, cols, caps = [], [], []

    def edge(a: int, b: int, c: int) -> None:
        rows.append(a)
        cols.append(b)
        caps.append(c)

    for ci, ((g, allowed), members) in enumerate(zip(model.classes, model.members, strict=True)):
        edge(0, c0 + ci, len(members))
        for wi in allowed:
            edge(c0 + ci, gw0 + g_index[g] * n_w + wi, big)
    for gi in range(n_g):
        for wi in range(n_w):
            edge(gw0 + gi * n_w + wi, w0 + wi, cap if cap is not None else big)
    for wi, w in enumerate(waves):
        edge(w0 + wi, 1, w.capacity)
    n_nodes = w0 + n_w
    graph = csr_matrix((np.array(caps, dtype=np.int32), (rows, cols)), shape=(n_nodes, n_nodes))
    result = maximum_flow(graph, 0, 1)
    needed = sum(len(m) for m in model.members)
    if result.flow_value >= needed:
        return
    residual = (graph - result.flow).tocsr()
    residual.eliminate_zeros()
    reach = {0}
    stack = [0]
    while stack:
        u = stack.pop()
        start, end = residual.indptr[u], residual.indptr[u + 1]
        for v, r in zip(residual.indices[start:end], residual.data[start:end], strict=True):
            if r > 0 and v not in reach:
                reach.add(int(v))
                stack.append(int(v))
    # The flow matrix is antisymmetric, so `graph - flow` also holds the reverse residual edges.
    stuck = [ci for ci in range(n_c) if c0 + ci in reach]
    people = sum(len(model.members[ci]) for ci in stuck)
    seat_waves = sorted({wi for ci in stuck for wi in model.classes[ci][1]})
    dates = sorted({waves[wi].day for wi in seat_waves})
    short = needed - int(result.flow_value)
    numbers = ", ".join(str(waves[wi].number) for wi in seat_waves)
    groups = sorted({model.classes[ci][0] for ci in stuck})
    opds = f"{', '.join(groups[:3])}{'…' if len(groups) > 3 else ''}"
    raise SchedulingError(
        "unavailable",
        gettext_noop(
            "%(n)s participants (OPD %(opds)s) can only be placed in waves %(waves)s (%(days)s); the seats "
            "left there (within the cap per OPD) are %(short)s short."
        )
        if groups
        else gettext_noop(
            "%(n)s participants can only be placed in waves %(waves)s (%(days)s); the seats left there "
            "(within the cap per OPD) are %(short)s short."
        ),
        {"n": people, "opds": opds, "waves": numbers, "days": tuple(dates), "short": short},
        shortfall=short,
    )


def _water_level(caps: Sequence[int], n: int) -> int:
    """The smallest L with Σ min(c, L) ≥ n (the balanced size where capacity allows)."""
    lo, hi = 0, max(caps, default=0)
    while lo < hi:
        mid = (lo + hi) // 2
        if sum(min(c, mid) for c in caps) >= n:
            hi = mid
        else:
            lo = mid + 1
    return lo


class _Network:
    """The flow network of one instance, built once; `solve` adds the bounds that vary between calls.

    Lower bounds by the textbook reduction to a maximum flow: each lower bound l on u→v becomes demand
    (S'→v, u→T' of l) and a circulation edge T→S closes the loop; feasible iff the flow S'→T' saturates."""

    S, T, S2, T2 = 0, 1, 2, 3

    def __init__(self, model: _Model, n_waves: int) -> None:
        n_c, n_g = len(model.classes), len(model.groups)
        self.n_c, self.n_w = n_c, n_waves
        g_index = {g: i for i, g in enumerate(model.groups)}
        self.n_people = sum(len(m) for m in model.members)
        self.c0, self.gw0 = 4, 4 + n_c
        self.w0 = self.gw0 + n_g * n_waves
        self.n_nodes = self.w0 + n_waves
        ci, wi, gi = [], [], []
        for c, (g, allowed) in enumerate(model.classes):
            ci += [c] * len(allowed)
            wi += list(allowed)
            gi += [g_index[g]] * len(allowed)
        self.e_class = np.array(ci, dtype=np.int64)
        self.e_wave = np.array(wi, dtype=np.int64)
        self.e_gw = self.gw0 + np.array(gi, dtype=np.int64) * n_waves + self.e_wave
        used = np.unique(self.e_gw)
        self.used_gw, self.used_g, self.used_w = (
            used,
            (used - self.gw0) // n_waves,
            (used - self.gw0) % n_waves,
        )
        big = self.n_people + 1
        sizes = np.array([len(m) for m in model.members], dtype=np.int64)
        # Static edges: S'→class (its size), class→(OPD, wave) (unbounded), T→S (circulation).
        self.rows = np.concatenate([np.full(n_c, self.S2), self.c0 + self.e_class, [self.T]])
        self.cols = np.concatenate([self.c0 + np.arange(n_c), self.e_gw, [self.S]])
        self.caps = np.concatenate([sizes, np.full(len(self.e_class), big), [big]])

    def solve(self, lo: Sequence[int], hi: Sequence[int], gw_cap: Sequence[int]) -> np.ndarray | None:
        """x[c, w] seating every class with lo_w ≤ size_w ≤ hi_w and at most gw_cap[g] of OPD g per
        wave, or None when that is infeasible."""
        lo_a, hi_a = np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)
        waves = self.w0 + np.arange(self.n_w)
        rows = np.concatenate([self.rows, self.used_gw, waves, waves, [self.S, self.S2]])
        cols = np.concatenate(
            [
                self.cols,
                self.w0 + self.used_w,
                np.full(self.n_w, self.T),
                np.full(self.n_w, self.T2),
                [self.T2, self.T],
            ]
        )
        caps = np.concatenate(
            [
                self.caps,
                np.asarray(gw_cap, dtype=np.int64)[self.used_g],
                hi_a - lo_a,
                lo_a,
                [self.n_people, lo_a.sum()],
            ]
        )
        keep = caps > 0
        graph = csr_matrix(
            (caps[keep].astype(np.int32), (rows[keep], cols[keep])), shape=(self.n_nodes, self.n_nodes)
        )
        result = maximum_flow(graph, self.S2, self.T2)
        if result.flow_value < self.n_people + int(lo_a.sum()):
            return None
        flow = result.flow.tocsr()
        x = np.zeros((self.n_c, self.n_w), dtype=np.int64)
        if len(self.e_class):
            x[self.e_class, self.e_wave] = np.asarray(flow[self.c0 + self.e_class, self.e_gw]).ravel()
        return x


def _smallest(feasible: Callable[[int], np.ndarray | None], top: int) -> np.ndarray:
    """The answer at the smallest k in [0, top] with feasible(k) not None; feasible(top) must succeed."""
    best = feasible(top)
    assert best is not None
    lo, hi = 0, top
    while lo < hi:
        mid = (lo + hi) // 2
        x = feasible(mid)
        if x is None:
            lo = mid + 1
        else:
            hi, best = mid, x
    return best if hi == top else feasible(hi)  # type: ignore[return-value]


def schedule(
    people: Iterable[Person], waves: Sequence[WaveSpec], *, max_per_opd: int | None = None
) -> Schedule:
    """Assign every person to one wave (see the module docstring). Raises SchedulingError."""
    people = list(people)
    waves = sorted(waves, key=lambda w: w.number)
    if not waves:
        raise SchedulingError("waves", gettext_noop("There is no wave."))
    if max_per_opd is not None and max_per_opd < 1:
        raise SchedulingError(
            "opd_cap", gettext_noop("The cap of participants per OPD per wave is at least 1.")
        )
    _check_necessary(people, waves, max_per_opd)
    if not people:
        return Schedule({}, {w.number: 0 for w in waves}, {w.number: 0 for w in waves})
    model = _classes(people, waves)
    _hall_violation(model, waves, max_per_opd)

    n_w = len(waves)
    caps = [w.capacity for w in waves]
    level = _water_level(caps, len(people))
    group_size = dict.fromkeys(model.groups, 0)
    for (g, _), members in zip(model.classes, model.members, strict=True):
        group_size[g] += len(members)
    hard_cap = [min(max_per_opd or group_size[g], group_size[g]) for g in model.groups]
    network = _Network(model, n_w)

    # (1) Balance: sizes in [L − 1 − b, L + b] (capped by capacity) for the smallest slack b; b = 0 is
    # "sizes differ by at most one where capacity allows". b = max capacity is plain feasibility.
    def balanced(b: int) -> np.ndarray | None:
        lo = [max(0, min(c, level - 1 - b)) for c in caps]
        hi = [min(c, level + b) for c in caps]
        return network.solve(lo, hi, hard_cap)

    x = _smallest(balanced, max(caps))
    sizes = x.sum(axis=0)
    lo_b, hi_b = [int(v) for v in sizes], [int(v) for v in sizes]
    # (2) Spread each OPD: at most its even share ⌈n_g / W⌉ + s per wave, for the smallest s, keeping
    # the wave sizes found in (1).
    share = [math.ceil(group_size[g] / n_w) for g in model.groups]
    top = max(max(h - sh, 0) for h, sh in zip(hard_cap, share, strict=True))

    def spread(s: int) -> np.ndarray | None:
        gw = [min(h, sh + s) for h, sh in zip(hard_cap, share, strict=True)]
        return network.solve(lo_b, hi_b, gw)

    x = _smallest(spread, top)

    assignment: dict[str, int] = {}
    for ci, members in enumerate(model.members):
        cursor = 0
        for wi in range(n_w):
            n = int(x[ci, wi])
            for pid in members[cursor : cursor + n]:
                assignment[pid] = waves[wi].number
            cursor += n
    if len(assignment) != len(people):  # the flow's answer is checked, never trusted
        raise SchedulingError(
            "solver", gettext_noop("The schedule is incomplete; check the participants' data.")
        )
    return summarise(assignment, people, waves)


def summarise(assignment: dict[str, int], people: Sequence[Person], waves: Sequence[WaveSpec]) -> Schedule:
    sizes = {w.number: 0 for w in waves}
    per_group: dict[tuple[int, str], int] = defaultdict(int)
    for p in people:
        n = assignment[p.id]
        sizes[n] += 1
        per_group[n, p.group] += 1
    max_group = {w.number: 0 for w in waves}
    for (n, _), k in per_group.items():
        max_group[n] = max(max_group[n], k)
    return Schedule(dict(sorted(assignment.items(), key=lambda kv: _natural_key(kv[0]))), sizes, max_group)


def violations(
    assignment: dict[str, int],
    people: Sequence[Person],
    waves: Sequence[WaveSpec],
    *,
    max_per_opd: int | None,
) -> list[str]:
    """Every broken rule of an assignment (empty = valid). Used by tests and by the baseline benchmark."""
    by_number = {w.number: w for w in waves}
    problems = []
    sizes: dict[int, int] = defaultdict(int)
    per_group: dict[tuple[int, str], int] = defaultdict(int)
    for p in people:
        n = assignment.get(p.id)
        if n not in by_number:
            problems.append(f"{p.id}: no wave")
            continue
        sizes[n] += 1
        per_group[n, p.group] += 1
        if by_number[n].day in p.unavailable:
            problems.append(f"{p.id}: unavailable on wave {n}")
        if p.pin is not None and p.pin != n:
            problems.append(f"{p.id}: pin {p.pin} not kept")
    for n, k in sizes.items():
        if k > by_number[n].capacity:
            problems.append(f"wave {n}: {k} > capacity {by_number[n].capacity}")
    if max_per_opd is not None:
        for (n, g), k in per_group.items():
            if k > max_per_opd:
                problems.append(f"wave {n}: OPD {g} has {k} > {max_per_opd}")
    return problems


def reschedule(
    person: Person,
    *,
    after: int,
    waves: Sequence[WaveSpec],
    sizes: dict[int, int],
    group_counts: dict[int, int],
    max_per_opd: int | None,
) -> int:
    """The first wave after `after` with a free seat, room under the OPD cap and a date the person can
    attend (for an absentee moved to a later wave). `group_counts`: wave → people of his OPD there."""
    for w in sorted(waves, key=lambda w: w.number):
        if w.number <= after or w.day in person.unavailable:
            continue
        if sizes.get(w.number, 0) >= w.capacity:
            continue
        if max_per_opd is not None and group_counts.get(w.number, 0) >= max_per_opd:
            continue
        return w.number
    raise SchedulingError(
        "reschedule",
        gettext_noop(
            "No wave after wave %(after)s still has a seat, room under the OPD cap and a date participant "
            "%(who)s can attend."
        ),
        {"after": after, "who": person.shown},
        shortfall=1,
        subject=person.id,
    )
