"""A small JSON API over listings and the reference data. Bad input answers 400 (unreadable) or 422
(a rule broken) with a JSON body naming each field; the rules are the services' own, as for the forms."""
import re
from datetime import date

from flask import abort, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from ... import policy
from ...errors import error_response
from ...limits import limited
from ...services import listings as listing_service
from ...services import reference
from ...services.errors import AlreadySubmitted, NotAllowed, ValidationFailed
from . import bp

MAX_PER_PAGE = 100


def listing_json(listing) -> dict:
    """Every answer that carries a listing (the list, one listing, a post) has this one shape. The
    organisation is named, never numbered (its database id is sequential); behind an anonymous listing
    it is `null` and its place only the region (policy's "see_owner" and "see_place")."""
    show_owner = policy.can(current_user, "see_owner", listing)
    org = listing.organisation
    return {
        "id": listing.url_key,  # the public id: the sequential one would tie listings to each other
        "kind": listing.kind, "title": listing.title, "description": listing.description,
        "resource_class": listing.resource_class,
        "quantity": float(listing.quantity) if listing.quantity is not None else None, "unit": listing.unit,
        "frequency": listing.frequency,
        "available_from": listing.available_from.isoformat() if listing.available_from else None,
        "available_to": listing.available_to.isoformat() if listing.available_to else None,
        "terms": listing.terms, "price": float(listing.price) if listing.price is not None else None,
        "visibility": listing.visibility, "status": listing.status, "version": listing.version,
        "municipality": org.municipality if policy.can(current_user, "see_place", listing) else None,
        "region": reference.region_code(org.municipality),
        "organisation": {"name": org.name} if show_owner else None,
    }


def _int_arg(name: str, default: int, low: int, high: int, errors: dict) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        errors[name] = _("Must be a whole number.")
        return default
    if not low <= value <= high:
        errors[name] = _("Must be between %(low)d and %(high)d.", low=low, high=high)
    return value


@bp.get("/listings")
def listings():
    errors: dict[str, str] = {}
    kind = request.args.get("kind") or None
    if kind is not None and kind not in ("offer", "need"):
        errors["kind"] = _("Must be “offer” or “need”.")
    resource_class = request.args.get("resource_class") or None
    if resource_class is not None and resource_class not in reference.taxonomy().classes:
        errors["resource_class"] = _("Unknown resource class “%(v)s”.", v=resource_class)
    municipality = request.args.get("municipality") or None
    if municipality is not None and municipality not in reference.municipalities() \
            and municipality != reference.OTHER_MUNICIPALITY:
        errors["municipality"] = _(
            "Unknown municipality “%(v)s”; use a code like 0680 or a name of Jönköping county.",
            v=municipality,
        )
    page = _int_arg("page", 1, 1, 10_000, errors)
    per_page = _int_arg("per_page", 20, 1, MAX_PER_PAGE, errors)
    if errors:
        return error_response(422, _("Please correct the marked fields."), errors)
    result = listing_service.search(current_user, listing_service.SearchFilters(
        kind=kind, resource_class=resource_class, municipality=municipality,
        q=(request.args.get("q") or "").strip() or None, page=page), per_page=per_page)
    return jsonify({"items": [listing_json(item) for item in result.items], "page": result.page,
                    "pages": result.pages, "total": result.total,
                    # above paging.COUNT_CAP the total is a lower bound and pages the ones known so far
                    "total_is_lower_bound": result.total_capped, "has_next": result.has_next})


@bp.get("/listings/<listing:listing_id>")
def listing(listing_id: str):
    found = listing_service.get_visible(current_user, listing_id)
    if found is None:
        abort(404)
    return jsonify(listing_json(found))


def _date_field(body: dict, name: str, errors: dict):
    value = body.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        errors[name] = _("Use a date like 2026-12-31.")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = _("Use a date like 2026-12-31.")
        return None


IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,60}")  # visible ASCII; stored as "api:KEY" (64 chars)


def _idempotency_key(errors: dict) -> str | None:
    """The request's `Idempotency-Key` header as a submission token of the listing service, or None.
    The header may be a bare token or, as the IETF draft writes it, a quoted string."""
    raw = request.headers.get("Idempotency-Key")
    if raw is None:
        return None
    key = raw.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not IDEMPOTENCY_KEY.fullmatch(key):
        errors["Idempotency-Key"] = _("Use 1 to 60 visible ASCII characters, such as a UUID.")
        return None
    # Its own namespace: a form's token never has a colon, so a key cannot hit a form's listing.
    return f"api:{key}"


TEXT_FIELDS = ("kind", "title", "description", "resource_class", "unit", "frequency", "terms", "visibility")


@bp.post("/listings")
@limited("listing_create", "user", counts="successes")
def create_listing():
    """Post an offer or a need as the logged-in member (session cookie and X-CSRFToken header).

    With an `Idempotency-Key` header, the post is made once per key and organisation: a repeat (a retry
    after a lost answer, parallel identical posts) answers 201 with the listing the first one made,
    and the header `Idempotent-Replayed: true`. The listing service's unique submission token guards
    it, as for the listing form, so it holds across processes."""
    if not current_user.is_authenticated:
        return error_response(401, _("Please log in to see this page."))
    header_errors: dict[str, str] = {}
    key = _idempotency_key(header_errors)
    if header_errors:
        return error_response(400, _("Please correct the marked fields."), header_errors)
    try:
        body = request.get_json(silent=not request.is_json)
    except BadRequest as exc:  # SafeJSONProvider: too deep, a NUL, a lone surrogate, or not JSON at all
        reason = exc.description.removeprefix("Failed to decode JSON object: ")
        return error_response(400, _("The request body is not JSON this site can read."), {"body": reason})
    if not isinstance(body, dict):
        return error_response(400, _("Send a JSON object."))
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        if body.get(name) is not None and not isinstance(body[name], str):
            errors[name] = _("Must be plain text.")
    for name in ("quantity", "price"):
        if body.get(name) is not None and (
            isinstance(body[name], bool) or not isinstance(body[name], (int, float, str))
        ):
            errors[name] = _("Must be a number.")
    available_from = _date_field(body, "available_from", errors)
    available_to = _date_field(body, "available_to", errors)
    if errors:
        return error_response(422, _("Please correct the marked fields."), errors)
    data = listing_service.ListingInput(
        kind=body.get("kind") or "",
        title=body.get("title") or "",
        description=body.get("description") or "",
        resource_class=body.get("resource_class"),
        quantity=body.get("quantity"),
        unit=body.get("unit"),
        frequency=body.get("frequency") or "once",
        available_from=available_from,
        available_to=available_to,
        terms=body.get("terms") or "negotiable",
        price=body.get("price"),
        visibility=body.get("visibility") or "public",
    )
    try:
        created = listing_service.create_listing(current_user, data, submission_token=key)
    except AlreadySubmitted as exc:
        return jsonify(listing_json(exc.existing)), 201, {"Idempotent-Replayed": "true"}
    except ValidationFailed as exc:
        return error_response(422, _("Please correct the marked fields."), exc.errors)
    except NotAllowed:
        if current_user.organisation_id and not current_user.is_verified:
            return error_response(403, _("Confirm your email address before you post: open the link we sent "
                                         "you."), {"account": "email_not_confirmed"})
        return error_response(
            403, _("Your account does not belong to an organisation, so it has no listings.")
        )
    return jsonify(listing_json(created)), 201


@bp.get("/taxonomy")
def taxonomy():
    tax = reference.taxonomy()
    return jsonify({
        "groups": [{"id": gid, **labels} for gid, labels in tax.groups.items()],
        "classes": [{"id": c.id, "group": c.group, "sv": c.labels["sv"], "en": c.labels["en"], "ewc": c.ewc,
                     "can_serve_as": list(c.can_serve_as)} for c in tax.classes.values()],
    })


@bp.get("/municipalities")
def municipalities():
    return jsonify([{"code": m.code, "name": m.name, "lat": m.lat, "lon": m.lon}
                    for m in reference.municipalities().values()])
