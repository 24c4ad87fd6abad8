"""Listings: posting, editing with optimistic locking, pausing and closing, browsing and search."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import func, literal_column, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from .. import policy
from ..extensions import db
from ..matching.text import fold as text_fold
from ..matching.vocabulary import FREQUENCIES, TERMS, UNITS, VISIBILITIES
from ..models import Listing, Organisation
from ..models.listing import KINDS, STATUSES, fold
from ..validators import clean_text, parse_decimal
from . import distance, jobs, knowledge, matching, paging, reference
from .errors import AlreadySubmitted, Conflict, NotAllowed, ValidationFailed

MAX_TITLE = 120
MIN_TITLE = 3
MAX_DESCRIPTION = 4000
MAX_QUANTITY = Decimal("99999999999")   # fits Numeric(14, 3)
MAX_PRICE = Decimal("9999999999")        # fits Numeric(12, 2)
QUANTITY_STEP = Decimal("0.001")
PRICE_STEP = Decimal("0.01")


@dataclass(frozen=True)
class ListingInput:
    """What a member fills in for an offer or a need; strings as typed, parsed values where a form
    parsed them."""

    kind: str
    title: str
    description: str = ""
    resource_class: str | None = None
    quantity: Decimal | str | None = None
    unit: str | None = None
    frequency: str = "once"
    available_from: date | None = None
    available_to: date | None = None
    terms: str = "negotiable"
    price: Decimal | str | None = None
    visibility: str = "public"


EDITABLE_FIELDS = tuple(f.name for f in fields(ListingInput))


def _decimal(value, errors, field, message):
    """The field's number (see validators.parse_decimal), or None with `message` in `errors`."""
    if value is None or value == "":
        return None
    number = parse_decimal(value)
    if number is None:
        errors[field] = message
    return number


def validate(data: ListingInput) -> dict:
    """Check every rule of a listing; return the cleaned values or raise ValidationFailed naming each
    field."""
    errors: dict[str, str] = {}
    kind = (data.kind or "").strip()
    if kind not in KINDS:
        errors["kind"] = _("Choose whether this is an offer or a need.")
    title = clean_text(data.title)
    if not title:
        errors["title"] = _("Give the listing a title.")
    elif len(title) < MIN_TITLE:
        errors["title"] = _("The title needs at least %(n)d characters.", n=MIN_TITLE)
    elif len(title) > MAX_TITLE:
        errors["title"] = _(
            "Keep the title under %(max)d characters (now %(n)d).", max=MAX_TITLE, n=len(title)
        )
    description = clean_text(data.description, multiline=True)
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = _(
            "Keep the description under %(max)d characters (now %(n)d).",
            max=MAX_DESCRIPTION,
            n=len(description),
        )
    resource_class = (data.resource_class or "").strip() or None
    if resource_class is not None and resource_class not in reference.taxonomy().classes:
        errors["resource_class"] = _("Choose a resource class from the list, or leave it empty.")
    quantity = _decimal(data.quantity, errors, "quantity", _(
        "Enter the quantity as a number, like %(example)s.", example=format_decimal(Decimal("12.5"))))
    if quantity is not None and "quantity" not in errors:
        quantity = quantity.quantize(QUANTITY_STEP) if abs(quantity) < MAX_QUANTITY else quantity
        if quantity <= 0:
            errors["quantity"] = _("The quantity must be more than zero.")
        elif quantity > MAX_QUANTITY:
            errors["quantity"] = _("That quantity is too large.")
    unit = (data.unit or "").strip() or None
    if unit is not None and unit not in UNITS:
        errors["unit"] = _("Choose a unit from the list.")
    elif quantity is not None and unit is None and "quantity" not in errors:
        errors["unit"] = _("Choose the unit of the quantity.")
    frequency = (data.frequency or "once").strip()
    if frequency not in FREQUENCIES:
        errors["frequency"] = _("Choose how often from the list.")
    if data.available_from and data.available_to and data.available_to < data.available_from:
        errors["available_to"] = _("The end date cannot be before the start date.")
    terms = (data.terms or "negotiable").strip()
    if terms not in TERMS:
        errors["terms"] = _("Choose the terms from the list.")
    price = _decimal(data.price, errors, "price", _("Enter the price as a number of kronor."))
    if terms == "price" and price is None and "price" not in errors:
        errors["price"] = _("Enter the price, or choose other terms.")
    elif terms != "price" and price is not None and "price" not in errors and "terms" not in errors:
        errors["price"] = _(
            "A price goes with the terms “Fixed price”: choose those terms, or leave the price empty."
        )
    elif price is not None and "price" not in errors:
        if price < 0:
            errors["price"] = _("The price cannot be negative.")
        elif price > MAX_PRICE:
            errors["price"] = _("That price is too large.")
        else:
            price = price.quantize(PRICE_STEP)
    if terms != "price":
        price = None
    visibility = (data.visibility or "public").strip()
    if visibility not in VISIBILITIES:
        errors["visibility"] = _("Choose who may see the listing.")
    if errors:
        raise ValidationFailed(errors)
    return {
        "kind": kind, "title": title, "description": description, "resource_class": resource_class,
        "quantity": quantity, "unit": unit if quantity is not None else unit, "frequency": frequency,
        "available_from": data.available_from, "available_to": data.available_to, "terms": terms,
        "price": price, "visibility": visibility,
    }


def create_listing(user, data: ListingInput, submission_token: str | None = None) -> Listing:
    """Post an offer or a need for the user's organisation.

    `submission_token` is the one-time token of the form: a second post of the same form (a double
    click, a reload, parallel posts) raises AlreadySubmitted with the listing the first post made,
    guarded by a unique constraint so that it holds across processes.
    """
    if not policy.can(user, "post_listing"):
        raise NotAllowed()
    values = validate(data)
    if submission_token is not None:
        existing = _submitted(user.organisation_id, submission_token)
        if existing is not None:
            raise AlreadySubmitted(existing)
    listing = Listing(organisation_id=user.organisation_id, created_by_id=user.id, status="active",
                      submission_token=submission_token, **values)
    listing.refresh_search_text()
    matching.refresh_inferred_class(listing)
    db.session.add(listing)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = _submitted(user.organisation_id, submission_token) if submission_token else None
        if existing is None:
            raise
        raise AlreadySubmitted(existing) from None
    after_change(listing)
    return listing


def _submitted(organisation_id: int, token: str) -> Listing | None:
    return db.session.scalar(select(Listing).where(
        Listing.organisation_id == organisation_id, Listing.submission_token == token))


def update_listing(user, listing: Listing, data: ListingInput, expected_version: int) -> Listing:
    """Save an edit made on `expected_version`. A stale version raises Conflict and writes nothing."""
    if not policy.can(user, "edit", listing):
        raise NotAllowed()
    values = validate(data)
    if listing.version != expected_version:
        raise Conflict(listing)
    for key, value in values.items():
        setattr(listing, key, value)
    listing.refresh_search_text()
    matching.refresh_inferred_class(listing)
    _commit_or_conflict(listing)
    after_change(listing)
    return listing


def set_status(user, listing: Listing, status: str, expected_version: int) -> Listing:
    """Pause, reactivate or close a listing."""
    if not policy.can(user, "edit", listing):
        raise NotAllowed()
    if status not in STATUSES:
        raise ValidationFailed({"status": _("Unknown status.")})
    if listing.version != expected_version:
        raise Conflict(listing)
    listing.status = status
    _commit_or_conflict(listing)
    after_change(listing)
    return listing


def _commit_or_conflict(listing: Listing) -> None:
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(db.session.get(Listing, listing.id)) from None


def after_change(*changed: Listing) -> None:
    """Re-score the listings against the region, so their pages show fresh suggested partners (after a
    listing is saved by its organisation, or many are imported by a broker: services.listing_import):
    on the job queue when there is one (the request returns at once), else here."""
    jobs.listings_changed(list(changed))


def by_public_id(public_id: str | None) -> Listing | None:
    """The listing with this public id (the one URLs and the API use), or None."""
    if not isinstance(public_id, str) or not public_id:
        return None
    return db.session.scalar(
        select(Listing).where(Listing.public_id == public_id).options(joinedload(Listing.organisation))
    )


def get_visible(user, public_id: str) -> Listing | None:
    """The listing with this public id if this user may see it, else None (the view answers 404)."""
    listing = by_public_id(public_id)
    if listing is None or not policy.can(user, "view", listing):
        return None
    return listing


@dataclass(frozen=True)
class SearchFilters:
    kind: str | None = None
    resource_class: str | None = None
    municipality: str | None = None
    q: str | None = None
    within_km: int | str | None = None  # of the user's organisation: one of distance.DISTANCE_CHOICES
    page: int = 1


def _search_terms(q: str) -> list[str]:
    return fold(q).split()[:8]


def search(user, filters: SearchFilters, per_page: int = 20) -> paging.Page:
    """Active listings this user may see, newest first, filtered and paginated (the page's rows and
    a count capped at paging.COUNT_CAP, never an exact count over every listing, kept CACHE_SECONDS
    per statement: paging through a search counts it once, a repeated search too). A distance that is
    not one of the choices, or asked by a user without an organisation, raises ValidationFailed."""
    stmt = _filtered(user, filters).options(joinedload(Listing.organisation))
    stmt = stmt.order_by(Listing.created_at.desc(), Listing.id.desc())
    return paging.paginate(stmt, filters.page, per_page, kept_count=True)


def count_by_municipality(user, filters: SearchFilters) -> dict[str, int]:
    """How many of the listings `search` finds lie in each municipality (of their organisation), for
    the listings map: counts, never which listings."""
    # Only listings whose owner the user may know: a count by municipality would tell where the
    # organisation behind an anonymous listing is.
    stmt = _filtered(user, filters, join_organisation=True).where(policy.owner_visible(user))
    stmt = stmt.with_only_columns(Organisation.municipality, func.count(Listing.id))
    return dict(db.session.execute(stmt.group_by(Organisation.municipality)).all())


def _filtered(user, filters: SearchFilters, join_organisation: bool = False):
    """The listings the filters find; organisations are joined only when a filter needs them (the
    visibility rule reads approved organisations through an indexed sub-select)."""
    km = distance.parse_km(filters.within_km)
    stmt = select(Listing)
    joined = bool(join_organisation or filters.municipality or km is not None)
    if joined:
        stmt = stmt.join(Listing.organisation)
    stmt = stmt.where(policy.visible_listings(user, listed=True, organisation_joined=joined))
    if km is not None:
        # As for the municipality filter: a distance must not tell where an anonymous owner is.
        stmt = stmt.where(distance.within_condition(distance.origin_of(user), km), policy.owner_visible(user))
    if filters.kind in KINDS:
        stmt = stmt.where(Listing.kind == filters.kind)
    if filters.resource_class:
        # The class given, else the one read from the text, so an unclassed
        # "Praktikplatser för nyanlända" is found under traineeships.
        stmt = stmt.where(Listing.effective_class == filters.resource_class)
    if filters.municipality:
        # Only listings whose owner the user may know: the filter must not tell where the
        # organisation behind an anonymous listing is.
        stmt = stmt.where(Organisation.municipality == filters.municipality, policy.owner_visible(user))
    if filters.q:
        tax = knowledge.taxonomy()  # read once for every term: it asks the database for its version
        for term in _search_terms(filters.q):
            stmt = stmt.where(_term_condition(tax, term))
    return stmt


def escape_like(term: str) -> str:
    """`term` for a LIKE pattern (with ``escape="\\"``): its own %, _ and \\ match themselves."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _term_condition(tax, term: str):
    """A listing matches a search term in either language alike: by its text, or by its class (given
    or read from its text) when the term names that class, or by its text naming that class in the
    other language. So "sågspån" and "sawdust", "värme" and "heat" find the same listings. The class
    names are the taxonomy with the knowledge an admin accepted: a taught synonym finds at once."""
    conditions = [Listing.search_text.like(f"%{escape_like(term)}%", escape="\\")]
    classes = _classes_named(tax, term)
    if classes:
        conditions.append(Listing.effective_class.in_(classes))
        names = sorted(_class_names(tax, classes) - {term})
        if names and db.session.get_bind().dialect.name == "postgresql":
            # one lookup in the full-text index (migration i17pages01) for every name at once: an OR
            # of two trigram LIKEs per name cost 100-400 ms per count at 100,000 listings
            conditions.append(func.to_tsvector(SEARCH_WORDS, Listing.search_text).op("@@")(
                func.to_tsquery(SEARCH_WORDS, _word_prefix_query(names))))
        else:
            for name in names:
                like = escape_like(name)
                conditions += [Listing.search_text.like(f"{like}%", escape="\\"),
                               Listing.search_text.like(f"% {like}%", escape="\\")]
    return or_(*conditions)


SEARCH_WORDS = literal_column("'simple'::regconfig")  # no stemming, no stop words: the words as typed


def _word_prefix_query(names: list[str]) -> str:
    """A tsquery finding any of the names where a word starts, as the LIKE fallback does
    (`name%` or `% name%`): its words in a row, the last one as a prefix ("wood <-> shav:*")."""
    phrases = []
    for name in names:
        words = [w for w in re.split(r"[\W_]+", name) if w]
        if words:
            phrases.append(" <-> ".join(f"'{w}'" for w in words) + ":*")
    return " | ".join(phrases)


MIN_COMPOUND_HEAD = 4  # a term this long names a Swedish compound that ends with it ("spillvärme": värme)
INFLECTION = 3         # a word may start with the term and be this much longer ("heating", "värmen")


def _names_word(term: str, term_key: str, word: str, word_key: str) -> bool:
    """Whether a word of a class name (both case-folded; the keys folded further, accents and all) is
    the term, an inflection of it, or a compound whose head it is. Accents count here: "nyanländ"
    does not end in "land"."""
    if word_key == term_key:
        return True
    if word.startswith(term) and len(word) - len(term) <= INFLECTION:
        return True
    return len(term) >= MIN_COMPOUND_HEAD and word.endswith(term) and len(word) - len(term) >= 3


@dataclass(frozen=True)
class _Vocabulary:
    """What search reads of one taxonomy, folded once: each class's name words (with their keys)
    and its names in both languages."""

    words: dict[str, tuple[tuple[str, str], ...]]
    names: dict[str, frozenset[str]]


_vocabulary: tuple = (None, None)  # (the taxonomy, its _Vocabulary): the last taxonomy searched


def _vocabulary_of(tax) -> _Vocabulary:
    """The taxonomy's search vocabulary, built once per taxonomy (a new one comes with each change of
    the accepted knowledge); folding every name of every class took about 6 ms per search."""
    global _vocabulary
    held_tax, held = _vocabulary
    if held_tax is tax:
        return held
    words, names = {}, {}
    for cls in tax.classes.values():
        folded = [fold(name) for name in _names_of(cls)]
        names[cls.id] = frozenset(folded)
        unique = dict.fromkeys(word for name in folded for word in name.replace("-", " ").split())
        words[cls.id] = tuple((word, text_fold(word)) for word in unique)
    held = _Vocabulary(words=words, names=names)
    _vocabulary = (tax, held)
    return held


def _classes_named(tax, term: str) -> list[str]:
    """Resource classes whose label or synonym, in either language, has a word the term names
    (whole words, inflections and compound heads, not any substring: "land" is not "landscaping")."""
    key = fold(term)
    key_folded = text_fold(key)
    return [cid for cid, words in _vocabulary_of(tax).words.items()
            if any(_names_word(key, key_folded, word, word_key) for word, word_key in words)]


def _names_of(cls) -> list[str]:
    return [cls.labels["sv"], cls.labels["en"], *cls.synonyms.get("sv", ()), *cls.synonyms.get("en", ())]


def _class_names(tax, classes: list[str]) -> set[str]:
    """Every label and synonym of the classes in both languages, case-folded as search_text is."""
    names = _vocabulary_of(tax).names
    return set().union(*(names[cid] for cid in classes))


def organisation_listings(organisation_id: int, include_closed: bool = True) -> list[Listing]:
    stmt = select(Listing).where(Listing.organisation_id == organisation_id)
    if not include_closed:
        stmt = stmt.where(Listing.status != "closed")
    return list(db.session.scalars(stmt.order_by(Listing.status, Listing.created_at.desc())))
