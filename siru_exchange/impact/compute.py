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
    transport_estimated: bool = True  # False: it moved by a mode without a sourced factor
    working: tuple[Step, ...] = ()

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
    return f"{round(x, 3):g}"


@dataclass(frozen=True)
class Step:
    """One line of an impact's working, as data: `key` names the kind of line and `values` its
    numbers, so that the page can say it in the reader's language (`describe` says it in English)."""

    key: str
    values: dict = field(default_factory=dict)


def _amount_step(ex: ExchangeInput, periods: float, moved: float) -> Step:
    if ex.frequency == "once":
        return Step("once", {"quantity": ex.quantity, "unit": ex.unit, "counted": bool(periods)})
    return Step(
        "periods",
        {
            "quantity": ex.quantity,
            "unit": ex.unit,
            "frequency": ex.frequency,
            "periods": periods,
            "moved": moved,
        },
    )


def _avoided(amount: Converted, factor: Factor | None) -> tuple[float, float, float, str] | None:
    """(central, low, high) amounts the factor multiplies and their unit, or None when it has none."""
    if factor is None or amount.value is None:
        return None
    if factor.unit == "kg CO2e/t" and amount.base == "t":
        return amount.value, amount.low or amount.value, amount.high or amount.value, "t"
    if factor.unit == "kg CO2e/MWh" and amount.base == "MWh":
        return amount.value, amount.value, amount.value, "MWh"
    if factor.unit == "kg CO2e/piece" and amount.pieces is not None:
        return amount.pieces, amount.pieces, amount.pieces, "piece"
    return None


def impact_of(ex: ExchangeInput, factors: FactorSet, start: date, end: date, as_of: date) -> Impact:
    """The figures of `ex` in [start, end), with days counted up to `as_of` (the service passes today)."""
    periods = periods_in(ex, start, end, as_of)
    moved = ex.quantity * periods
    working: list[Step] = [_amount_step(ex, periods, moved)]
    amount = convert(moved, ex.unit, ex.resource_class, factors)
    working.extend(Step("formula", {"text": text}) for text in amount.steps)
    if amount.flag is not None:
        working.append(Step("flag", {"flag": amount.flag, "unit": ex.unit}))
    tonnes = amount.value if amount.base == "t" else None
    mwh = amount.value if amount.base == "MWh" else None
    people = (ex.people_reached or 0) if ran_in(ex, start, end, as_of) else 0

    avoided: Range | None = None
    factor = factors.avoided.get(ex.resource_class)
    base = _avoided(amount, factor)
    if base is not None:
        central, low_amt, high_amt, per = base
        avoided = Range(low_amt * factor.low, central * factor.value, high_amt * factor.high)
        working.append(
            Step(
                "avoided",
                {
                    "amount": central,
                    "per": per,
                    "factor": factor.value,
                    "factor_unit": factor.unit,
                    "central": avoided.central,
                    "low": avoided.low,
                    "high": avoided.high,
                    "replaces": factor.replaces,
                    "replaces_sv": factor.replaces_sv,
                    "publisher": factor.source.publisher,
                    "year": factor.source.year,
                },
            )
        )
    elif amount.flag is None and (tonnes or mwh):
        working.append(Step("not_estimated"))
        factor = None

    transport = ZERO
    transport_estimated = True
    tfactor = factors.transport.get(ex.transport_mode)
    moves = bool(tonnes and ex.distance_km and ex.transport_mode != "none")
    if moves and tfactor is not None:
        tkm = tonnes * float(ex.distance_km)
        transport = Range(tkm * tfactor.low, tkm * tfactor.value, tkm * tfactor.high)
        working.append(
            Step(
                "transport",
                {
                    "tonnes": tonnes,
                    "km": float(ex.distance_km),
                    "tkm": tkm,
                    "factor": tfactor.value,
                    "mode": ex.transport_mode,
                    "central": transport.central,
                    "low": transport.low,
                    "high": transport.high,
                    "publisher": tfactor.source.publisher,
                    "year": tfactor.source.year,
                },
            )
        )
    elif moves:
        transport_estimated = False
        tfactor = None
        working.append(Step("transport_unknown", {"mode": ex.transport_mode}))
    else:
        tfactor = None
    if avoided is not None:
        net = avoided - transport
        working.append(
            Step(
                "net",
                {
                    "avoided": avoided.central,
                    "transport": transport.central,
                    "net": net.central,
                    "low": net.low,
                    "high": net.high,
                },
            )
        )
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
        transport_factor=tfactor,
        transport_estimated=transport_estimated,
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
    transport_not_estimated: int = 0
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
        if not impact.transport_estimated:
            self.transport_not_estimated += 1
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
