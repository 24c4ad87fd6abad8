"""The regional dashboard (/impact), its map data, the brokers' view with organisations, the yearly
report and the organisations' badges. Every page here reads `services.dashboard`; the public pages
show aggregates only."""
from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import policy
from ...extensions import db
from ...models import Organisation
from ...services import badges, dashboard, reference
from ...services.errors import NotAllowed
from ..formtools import page_arg
from . import bp
from .maps import map_tiles

ALL_YEARS = "all"


def _year_arg() -> int | None:
    """?year=2026, or "all" for every year; a year outside the programme's years (or none) is this
    year."""
    value = request.args.get("year", "")
    if value == ALL_YEARS:
        return None
    try:
        year = int(value)
    except ValueError:
        return dashboard.current_year()
    return year if year in dashboard.year_choices() else dashboard.current_year()


def _figures(year: int | None) -> dict:
    """Everything the dashboard and the report show, for a year (None: every year)."""
    by_municipality = dashboard.listings_by_municipality(year)
    impact_by_municipality = dashboard.impact_by("municipality", year)
    return {
        "year": year,
        "current_year": dashboard.current_year(),
        "years": dashboard.year_choices(),
        "listings": dashboard.listing_counts(year),
        "suggestions": dashboard.suggestion_count(),
        "introductions": dashboard.introductions_by_status(year),
        "by_municipality": by_municipality,
        "by_group": dashboard.listings_by_group(year),
        "by_month": dashboard.listings_by_month(year or dashboard.current_year()),
        "impact": dashboard.impact_totals(year),
        "impact_by_municipality": impact_by_municipality,
        "impact_by_group": dashboard.impact_by("group", year),
        "impact_by_month": dashboard.impact_by("month", year or dashboard.current_year()),
        "map_points": dashboard.map_points(year, by_municipality, impact_by_municipality),
        "method": dashboard.method(),
        "tiles": map_tiles(),
        "today": dashboard.today(),
    }


@bp.get("/")
def index():
    return render_template("impact/index.html", **_figures(_year_arg()))


@bp.get("/map.json")
def map_data():
    """Counts per municipality for the dashboard's map, with each one's summary in the reader's
    language. No organisation, no listing, no site: only the municipality's centre."""
    year = _year_arg()
    points = dashboard.map_points(year)
    for point in points:
        point["summary"] = _point_summary(point)
    return jsonify({"year": year, "municipalities": points,
                    "outlines": url_for("static", filename="data/jonkoping_municipalities.geojson")})


def _point_summary(point: dict) -> str:
    listings = ngettext("%(num)d listing", "%(num)d listings", point["listings"])
    exchanges = ngettext("%(num)d exchange", "%(num)d exchanges", point["exchanges"])
    return f"{point['name']}: {listings}, {exchanges}"


@bp.get("/broker")
@login_required
def broker():
    if not policy.can(current_user, "see_impact_details"):
        abort(403)
    year = _year_arg()
    rows = dashboard.broker_rows(year, page_arg())
    return render_template("impact/broker.html", rows=rows.items, rows_page=rows,
                           exchanges=dashboard.exchange_rows(year), **_figures(year))


@bp.get("/report/<int:year>")
def report(year: int):
    if year not in dashboard.year_choices():
        abort(404)
    return render_template("impact/report.html", **_figures(year))


@bp.post("/organisations/<int:org_id>/badge")
@login_required
def badge_sharing(org_id: int):
    organisation = db.session.get(Organisation, org_id)
    if organisation is None:
        abort(404)
    try:
        if request.form.get("share") == "yes":
            badges.share(current_user, organisation)
            flash(_("Your impact badge is shared. Anyone with its address can see it."), "success")
        else:
            badges.stop_sharing(current_user, organisation)
            flash(_("Your impact badge is no longer shared. Its old address shows nothing."), "success")
    except NotAllowed:
        abort(403)
    return redirect(url_for("organisations.show", org_id=organisation.id, _anchor="impact"))


@bp.get("/badge/<token>.svg")
def badge(token: str):
    organisation = badges.shared_organisation(token)
    if organisation is None:
        abort(404)
    lang = request.args.get("lang", "sv")
    lang = lang if lang in current_app.config["LANGUAGES"] else "sv"
    year = dashboard.current_year()
    with force_locale(lang):
        figures = dashboard.organisation_impact(organisation, year)
        svg = render_template("impact/badge.svg", organisation=organisation, figures=figures, year=year,
                              lang=lang, municipality=reference.municipality_name(organisation.municipality))
    response = current_app.response_class(svg, mimetype="image/svg+xml")
    # Asked again each time, so a badge the organisation stops sharing disappears at once.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response
