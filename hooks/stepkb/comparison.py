"""What the comparison knows about a programme: its core cells, its hours in clock hours, its benchmarks.

Plain functions over records, used by the pages, the downloads and the build's completeness report, so
that all three count and compare the same way.
"""
from __future__ import annotations

from dataclasses import dataclass

from .records import Collection, Record

OUTCOMES = ("continuing", "practitioner", "psychotherapist", "supervisor")
ACADEMIC_LEVELS = ("none", "certificate", "bachelor", "master", "specialisation", "doctorate")
# Hours components in the order pages and downloads list them; "total" last.
HOURS = ("taught", "supervision", "live_supervision", "practice", "personal_development", "peer_learning", "self_study", "other", "total")
SUPERVISION = ("supervision", "live_supervision")  # the components that count as supervision hours
STATUSES = ("running", "planned", "closed")

# The comparison's core cells (issue 10): a programme is comparable when these are known.
CORE = ("outcome", "academic_level", "audience", "duration", "mode", "total_hours", "supervision_hours", "recognition", "language", "status")


def clock_hours(data: dict, component: str) -> float | None:
    """A component's hours in clock hours: units of 45 minutes are converted, unknown stays None."""
    value = (data.get("hours") or {}).get(component)
    if value is None:
        return None
    return value * data.get("hours_unit_minutes", 60) / 60


def is_minimum(data: dict, figure: str) -> bool:
    """Whether the source states a figure as a minimum: duration_months, ects, or an hours figure
    ("hours.supervision"), which `hours` in the record's `minimum` marks all at once."""
    marks = data.get("minimum") or []
    return figure in marks or (figure.startswith("hours.") and "hours" in marks)


def supervision_hours(data: dict) -> float | None:
    """Supervision of every kind: a live-supervised hour is supervision too."""
    parts = [clock_hours(data, c) for c in SUPERVISION]
    known = [p for p in parts if p is not None]
    return sum(known) if known else None


def status(record: Record) -> str | None:
    """running, planned or closed; a programme with a last year is closed whatever its status says."""
    if record.data.get("offered_until") is not None:
        return "closed"
    return record.data.get("status")


def core_cells(record: Record) -> dict[str, bool]:
    """Which core cells of a programme are known."""
    d = record.data
    return {
        "outcome": "outcome" in d,
        "academic_level": "academic_level" in d,
        "audience": "social_workers" in d or bool(d.get("professions")),
        "duration": "duration_months" in d,
        "mode": "mode" in d,
        "total_hours": clock_hours(d, "total") is not None,
        "supervision_hours": supervision_hours(d) is not None,
        "recognition": bool(d.get("accredited_by") or d.get("title_granted_by")),
        "language": bool(d.get("languages")),
        "status": status(record) is not None,
    }


@dataclass(frozen=True)
class Completeness:
    known: int
    total: int

    @property
    def share(self) -> float:
        return self.known / self.total if self.total else 0.0


def completeness(records) -> Completeness:
    """Known core cells over all cells, for one programme or many."""
    if isinstance(records, Record):
        records = [records]
    cells = [known for record in records for known in core_cells(record).values()]
    return Completeness(sum(cells), len(cells))


def benchmarks_for(record: Record, collection: Collection) -> list[Record]:
    """The benchmarks a programme is compared with: those it names, else those of its outcome that apply
    in its country (its own country's first, then the European ones)."""
    named = record.data.get("benchmark")
    if named:
        return [collection.benchmarks[slug] for slug in named if slug in collection.benchmarks]
    outcome = record.data.get("outcome")
    fitting = [b for b in collection.benchmarks.values() if b.data.get("outcome") == outcome and b.data.get("country") in (None, record.country)]
    return sorted(fitting, key=lambda b: (b.data.get("country") is None, b.slug))


@dataclass(frozen=True)
class Measure:
    """One figure of a programme set against the same figure of a benchmark."""

    figure: str  # "total_hours", "supervision_hours", "personal_development_hours", "duration"
    programme: float | None
    benchmark: float
    benchmark_is_minimum: bool
    programme_is_minimum: bool = False

    @property
    def verdict(self) -> str:
        """meets, below or unknown. Only a figure the programme states can meet or miss a benchmark."""
        if self.programme is None:
            return "unknown"
        return "meets" if self.programme >= self.benchmark else "below"


# The fields each compared figure is made of, whose minimum marks it a minimum.
_FIELDS_OF = {"total_hours": ("hours.total",), "supervision_hours": tuple(f"hours.{c}" for c in SUPERVISION),
              "personal_development_hours": ("hours.personal_development",), "duration": ("duration_months",)}


def _figures(data: dict) -> dict[str, float | None]:
    return {
        "total_hours": clock_hours(data, "total"),
        "supervision_hours": supervision_hours(data),
        "personal_development_hours": clock_hours(data, "personal_development"),
        "duration": data.get("duration_months"),
    }


def measures(programme: Record, benchmark: Record) -> list[Measure]:
    """The figures the benchmark sets, each with the programme's value (None where unknown)."""
    def minimum_of(record: Record, figure: str) -> bool:
        return any(is_minimum(record.data, field) for field in _FIELDS_OF[figure])

    mine, theirs = _figures(programme.data), _figures(benchmark.data)
    return [Measure(figure, mine[figure], required, minimum_of(benchmark, figure), minimum_of(programme, figure))
            for figure, required in theirs.items() if required is not None]
