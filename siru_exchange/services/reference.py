"""Reference data the whole app reads: the resource taxonomy and the county's municipalities.

Loaded once per process from `siru_exchange/data/` through the pure matching package.
"""
from functools import cache

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..matching import load_municipalities, load_taxonomy
from ..matching.taxonomy import read_taxonomy_data

OTHER_MUNICIPALITY = "other"
COUNTY_CODE = "06"  # Jönköping county; its municipalities' codes start with it


@cache
def taxonomy():
    return load_taxonomy()


@cache
def _taxonomy_data():
    return read_taxonomy_data()


def taxonomy_data() -> tuple[dict, dict | None]:
    """The shipped ``taxonomy.json`` and ``uses.json`` as data (what accepted knowledge is merged
    into; the caller must not change them: ``merge_knowledge`` copies)."""
    return _taxonomy_data()


@cache
def municipalities():
    """Municipality code -> Municipality(code, name, lat, lon), in alphabetical order of name."""
    return dict(sorted(load_municipalities().items(), key=lambda item: item[1].name))


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "sv"


def municipality_name(code: str | None) -> str:
    if not code:
        return ""
    if code == OTHER_MUNICIPALITY:
        return str(_l("Outside Jönköping county"))
    muni = municipalities().get(code)
    return muni.name if muni else code


def region_code(code: str | None) -> str | None:
    """The region of a municipality code: the county ("06", Jönköping county) or "other"."""
    if not code:
        return None
    return COUNTY_CODE if code in municipalities() else OTHER_MUNICIPALITY


def place_name(code: str | None, exact: bool) -> str:
    """Where an organisation is, as far as the reader may know it: the municipality when `exact`
    (policy's "see_place"), else only the region, "Jönköping county" or "Outside Jönköping county"."""
    if exact:
        return municipality_name(code)
    region = region_code(code)
    if region == COUNTY_CODE:
        return str(_l("Jönköping county"))
    return municipality_name(region)


def municipality_choices(include_other: bool = True) -> list[tuple[str, str]]:
    choices = [(code, m.name) for code, m in municipalities().items()]
    if include_other:
        choices.append((OTHER_MUNICIPALITY, str(_l("Outside Jönköping county"))))
    return choices


def class_label(class_id: str | None, lang: str | None = None) -> str:
    if not class_id:
        return ""
    tax = taxonomy()
    if class_id not in tax.classes:
        return class_id
    return tax.label(class_id, lang or current_language())


def class_choices(lang: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """Resource classes grouped by taxonomy group: {group label: [(class id, class label), ...]}, in the
    language asked for (the optgroup shape; blueprints/formtools.select_choices turns it into options)."""
    lang = lang or current_language()
    tax = taxonomy()
    grouped: dict[str, list[tuple[str, str]]] = {}
    for group_id, labels in tax.groups.items():
        classes = sorted(
            ((c.id, c.labels[lang]) for c in tax.classes.values() if c.group == group_id), key=lambda x: x[1]
        )
        if classes:
            grouped[labels[lang]] = classes
    return grouped
