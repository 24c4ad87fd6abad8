"""Quantities to tonnes, MWh, hours or people (pure). A unit that cannot be converted for a resource
class is flagged, never guessed: no density for a volume, no mass for a piece, a mass of heat."""

from __future__ import annotations

from dataclasses import dataclass

from .factors import Factor, FactorSet

# Flags (codes; the service and the templates give them words).
NO_DENSITY = "no_density"  # a volume of a class without a sourced density
NO_PIECE_MASS = "no_piece_mass"  # pieces of a class without a sourced mass per piece
NOT_CONVERTIBLE = "not_convertible"  # a unit with no meaning as mass or energy for the class (m2, trip)
UNKNOWN_UNIT = "unknown_unit"

MASS_TO_TONNES = {"kg": 0.001, "tonne": 1.0}
VOLUME_TO_M3 = {"m3": 1.0, "litre": 0.001}
ENERGY_TO_MWH = {"kWh": 0.001, "MWh": 1.0}
TIME_TO_HOURS = {"hour": 1.0, "day": 8.0}  # a working day of 8 hours, as matching/vocabulary counts it
PIECE_UNITS = ("piece", "pallet")


@dataclass(frozen=True)
class Converted:
    """One quantity in the base unit of its dimension ("t", "MWh", "h", "person"), with the steps
    taken (formulas in unit symbols, the same in every language) and the factor used (a density or a
    mass per piece), or a flag saying why it is None. `pieces` keeps a count of pieces, for factors
    that are per piece."""

    value: float | None
    base: str | None
    steps: tuple[str, ...] = ()
    factor: Factor | None = None
    flag: str | None = None
    low: float | None = None
    high: float | None = None
    pieces: float | None = None

    @property
    def is_mass(self) -> bool:
        return self.base == "t" and self.value is not None


def _fmt(x: float) -> str:
    return f"{round(x, 3):g}"


def convert(quantity: float, unit: str, resource_class: str, factors: FactorSet) -> Converted:
    """`quantity` of `unit` for `resource_class` in its base unit (mass in tonnes, energy in MWh,
    time in hours, people in persons). Volumes need the class's density, pieces its mass per piece."""
    q = float(quantity)
    if unit in MASS_TO_TONNES:
        t = q * MASS_TO_TONNES[unit]
        steps = () if unit == "tonne" else (f"{_fmt(q)} kg / 1000 = {_fmt(t)} t",)
        return Converted(t, "t", steps, low=t, high=t)
    if unit in ENERGY_TO_MWH:
        mwh = q * ENERGY_TO_MWH[unit]
        steps = () if unit == "MWh" else (f"{_fmt(q)} kWh / 1000 = {_fmt(mwh)} MWh",)
        return Converted(mwh, "MWh", steps, low=mwh, high=mwh)
    if unit in TIME_TO_HOURS:
        h = q * TIME_TO_HOURS[unit]
        steps = () if unit == "hour" else (f"{_fmt(q)} x 8 h = {_fmt(h)} h",)
        return Converted(h, "h", steps, low=h, high=h)
    if unit == "person":
        return Converted(q, "person", (), low=q, high=q)
    if unit in VOLUME_TO_M3:
        m3 = q * VOLUME_TO_M3[unit]
        density = factors.density.get(resource_class)
        if density is None:
            return Converted(None, None, (), flag=NO_DENSITY)
        t = m3 * density.value / 1000
        step = f"{_fmt(m3)} m3 x {_fmt(density.value)} kg/m3 / 1000 = {_fmt(t)} t"
        pre = (f"{_fmt(q)} l / 1000 = {_fmt(m3)} m3",) if unit == "litre" else ()
        return Converted(
            t, "t", (*pre, step), density, low=m3 * density.low / 1000, high=m3 * density.high / 1000
        )
    if unit in PIECE_UNITS:
        mass = factors.piece_mass.get(resource_class)
        if mass is None:
            return Converted(None, None, (), flag=NO_PIECE_MASS)
        t = q * mass.value / 1000
        step = f"{_fmt(q)} x {_fmt(mass.value)} kg / 1000 = {_fmt(t)} t"
        return Converted(t, "t", (step,), mass, low=q * mass.low / 1000, high=q * mass.high / 1000, pieces=q)
    if unit in ("m2", "trip"):
        return Converted(None, None, (), flag=NOT_CONVERTIBLE)
    return Converted(None, None, (), flag=UNKNOWN_UNIT)
