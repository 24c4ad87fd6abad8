"""The impact of one exchange in a period, and totals (pure: plain data in, results out).

Per exchange and period: the quantity moved in the period (the recorded quantity per week, month or
year, pro rata over the days the exchange ran in the period; a one-off counts in the period it
started), converted to tonnes (or MWh, hours, people); CO2e avoided = amount x the class's factor for
what it replaces; transport CO2e = tonnes x distance x the mode's factor per tonne-km; net = avoided -
transport. Every result carries its working as lines a person can check by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .factors import Factor, FactorSet
from .units import Converted, convert

# Recorded periods in a calendar year; a part of a year counts pro rata by its days in that year, so a
# monthly flow over a whole year is exactly 12 periods (a week is 7 of a year's 365.25 days on average).
PERIODS_PER_YEAR = {"weekly": 365.25 / 7, "monthly": 12.0, "yearly": 1.0}


@dataclass(frozen=True)
class ExchangeInput:
    """What the arithmetic needs of an exchange; the service builds these from the database rows."""

    id: int
    resource_class: str
    quantity: float
    unit: str
    frequency: str  # once, weekly, monthly, yearly
    started_on: date
    ended_on: date | None = None  # the last day it ran (inclusive)
    distance_km: float | None = None
    transport_mode: str = "none"
    people_reached: int | None = None
    social: bool = False


@dataclass(frozen=True)
class Range:
    """A figure with its low and high bound (kg CO2e unless said otherwise)."""

    low: float
    central: float
    high: float

    def __add__(self, other: Range) -> Range:
        return Range(self.low + other.low, self.central + other.central, self.high + other.high)

    def __sub__(self, other: Range) -> Range:  # the widest honest range: low - high, high - low
        return Range(self.low - other.high, self.central - other.central, self.high - other.low)

    def scaled(self, k: float) -> Range:
        return Range(self.low * k, self.central * k, self.high * k)


ZERO = Range(0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Impact:
    """One exchange's figures for one period, with the working behind each.

    `tonnes` is None when the quantity is not a mass (heat in MWh, hours) or cannot be converted
    (`flag` says why). `avoided` is None when the class has no sourced factor: "CO2e not estimated".
    """

    exchange_id: int
    start: date
    end: date  # exclusive
    periods: float  # how many of the recorded periods fall in the window (1 for a one-off)
    amount: Converted  # the quantity moved in the window, in its base unit
    tonnes: float | None
    mwh: float | None
    avoided: Range | None
    transport: Range
    people_reached: int
    flag: str | None
    factor: Factor | None = None
    transport_factor: Factor | None = None
    working: tuple[str, ...] = ()

    @property
    def net(self) -> Range | None:
        return None if self.avoided is None else self.avoided - self.transport

    @property
    def estimated(self) -> bool:
        return self.avoided is not None


def periods_in(ex: ExchangeInput, start: date, end: date, as_of: date) -> float:
    """How many recorded periods of `ex` fall in [start, end), counting only days up to `as_of`."""
    if ex.frequency == "once":
        return 1.0 if start <= ex.started_on < end and ex.started_on <= as_of else 0.0
    stop = min(end, as_of + timedelta(days=1))
    if ex.ended_on is not None:
        stop = min(stop, ex.ended_on + timedelta(days=1))
    begin = max(start, ex.started_on)
    periods = 0.0
    while begin < stop:  # year by year, each pro rata by its own length (365 or 366 days)
        year_start, year_end = date(begin.year, 1, 1), date(begin.year + 1, 1, 1)
        upto = min(stop, year_end)
        periods += (upto - begin).days / (year_end - year_start).days * PERIODS_PER_YEAR[ex.frequency]
        begin = upto
    return periods


def ran_in(ex: ExchangeInput, start: date, end: date, as_of: date) -> bool:
    """Whether the exchange ran on at least one day of [start, end) up to `as_of`."""
    if ex.started_on >= end or ex.started_on > as_of:
        return False
    if ex.frequency == "once":
        return ex.started_on >= start
    return ex.ended_on is None or ex.ended_on >= start


def _g(x: float) -> str:
    return f"{x:,.3f}".rstrip("0").rstrip(".").replace(",", " ")


def impact_of(ex: ExchangeInput, factors: FactorSet, start: date, end: date, as_of: date) -> Impact:
    """The figures of `ex` in [start, end), with days counted up to `as_of` (the service passes today)."""
    periods = periods_in(ex, start, end, as_of)
    moved = ex.quantity * periods
    working: list[str] = []
    if ex.frequency == "once":
        working.append(f"{_g(ex.quantity)} {ex.unit} once" + ("" if periods else ": not in this period"))
    else:
        working.append(
            f"{_g(ex.quantity)} {ex.unit} {ex.frequency} x {_g(periods)} periods = {_g(moved)} {ex.unit}"
        )
    amount = convert(moved, ex.unit, ex.resource_class, factors)
    working.extend(amount.steps)
    tonnes = amount.value if amount.base == "t" else None
    mwh = amount.value if amount.base == "MWh" else None
    people = (ex.people_reached or 0) if ran_in(ex, start, end, as_of) else 0

    avoided: Range | None = None
    factor = factors.avoided.get(ex.resource_class)
    base_amount = tonnes if factor is not None and factor.unit == "kg CO2e/t" else mwh
    if factor is not None and base_amount is not None:
        low_amt = amount.low if amount.low is not None else base_amount
        high_amt = amount.high if amount.high is not None else base_amount
        avoided = Range(low_amt * factor.low, base_amount * factor.value, high_amt * factor.high)
        per = "t" if factor.unit == "kg CO2e/t" else "MWh"
        working.append(
            f"avoided: {_g(base_amount)} {per} x {_g(factor.value)} {factor.unit}"
            f" = {_g(avoided.central)} kg CO2e (range {_g(avoided.low)} to {_g(avoided.high)};"
            f" {factor.source.publisher} {factor.source.year})"
        )
    elif amount.flag is None and (tonnes is not None or mwh is not None):
        working.append("CO2e not estimated: no sourced factor for this resource class")

    transport = ZERO
    tfactor = factors.transport.get(ex.transport_mode)
    if tonnes and ex.distance_km and ex.transport_mode != "none" and tfactor is not None:
        tkm = tonnes * float(ex.distance_km)
        transport = Range(tkm * tfactor.low, tkm * tfactor.value, tkm * tfactor.high)
        working.append(
            f"transport: {_g(tonnes)} t x {_g(float(ex.distance_km))} km = {_g(tkm)} tkm x"
            f" {_g(tfactor.value)} kg CO2e/tkm = {_g(transport.central)} kg CO2e"
            f" ({tfactor.source.publisher} {tfactor.source.year})"
        )
    if avoided is not None:
        net = avoided - transport
        working.append(f"net: {_g(avoided.central)} - {_g(transport.central)} = {_g(net.central)} kg CO2e")
    return Impact(
        exchange_id=ex.id,
        start=start,
        end=end,
        periods=periods,
        amount=amount,
        tonnes=tonnes,
        mwh=mwh,
        avoided=avoided,
        transport=transport,
        people_reached=people,
        flag=amount.flag,
        factor=factor,
        transport_factor=tfactor if transport is not ZERO else None,
        working=tuple(working),
    )


def year_window(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


def month_window(year: int, month: int) -> tuple[date, date]:
    end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year, month, 1), end


@dataclass
class Totals:
    """Sums over many impacts. CO2e in kg; `not_estimated` counts exchanges with an amount but no
    factor, `flagged` those whose unit could not be converted. `net` sums avoided minus transport over
    the estimated exchanges only; the transport of the others is in `transport`."""

    exchanges: int = 0
    tonnes: float = 0.0
    mwh: float = 0.0
    avoided: Range | None = None  # None until one exchange has a sourced factor
    transport: Range = ZERO
    net: Range | None = None
    people_reached: int = 0
    not_estimated: int = 0
    flagged: int = 0
    ids: list[int] = field(default_factory=list)

    def add(self, impact: Impact) -> None:
        self.exchanges += 1
        self.ids.append(impact.exchange_id)
        self.tonnes += impact.tonnes or 0.0
        self.mwh += impact.mwh or 0.0
        self.people_reached += impact.people_reached
        self.transport = self.transport + impact.transport
        if impact.flag is not None:
            self.flagged += 1
        if impact.avoided is not None:
            self.avoided = (self.avoided or ZERO) + impact.avoided
            self.net = (self.net or ZERO) + (impact.avoided - impact.transport)
        elif impact.flag is None and (impact.tonnes or impact.mwh):
            self.not_estimated += 1


def total(impacts) -> Totals:
    """The sum of `impacts` (an exchange that moved nothing in the window still counts as one)."""
    out = Totals()
    for impact in impacts:
        out.add(impact)
    return out
