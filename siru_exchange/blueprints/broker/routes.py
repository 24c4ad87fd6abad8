from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from ...services import approvals as approval_service
from ...services import exports as export_service
from ...services import introductions as introduction_service
from ...services import jobs, knowledge, listing_import, outcomes
from ...services.errors import Conflict, NotAllowed, ValidationFailed
from ...services.introductions import FOCUSES, QueueFilters, Refused
from ..downloads import download
from ..exchanges.labels import EXCHANGE_STATUS_LABELS, FREQ_LABELS, PEOPLE_KIND_LABELS, TRANSPORT_LABELS
from ..formtools import apply_errors, int_form_value, page_arg
from ..guards import hidden_unless, visible_or_404
from ..introductions.labels import CONSENT_LABELS, INTRODUCTION_STATUS_LABELS
from ..introductions.routes import conflict_message
from ..knowledge_form import TeachForm, introduction_preset, teach_form
from . import bp
from .forms import (
    BrokerNoteForm,
    ConfirmImportForm,
    DecisionForm,
    ImportForm,
    IntroduceForm,
    IntroductionExportForm,
    ListingExportForm,
    QueueFilterForm,
)

bp.before_request(hidden_unless("broker"))


@bp.get("/")
def queue():
    form = QueueFilterForm(request.args)
    form.fill_choices()
    filters = QueueFilters(
        municipality=form.municipality.data or None,
        resource_class=form.resource_class.data or None,
        focus=form.focus.data if form.focus.data in FOCUSES else None,
    )
    work = introduction_service.broker_queue(current_user, filters, page=page_arg())
    page = work.pop("suggestions")
    return render_template("broker/queue.html", form=form, filters=filters, suggestions=page.items,
                           suggestion_page=page, **work)


def _introduced(introduction):
    flash(_("The organisations are introduced. Each is asked to accept or decline."), "success")
    return redirect(url_for("introductions.show", introduction_id=introduction.id))


def _submit(form, introduce):
    """Run one of the introduction service's calls for a broker's form: a response to send, or None to
    show the form again with the errors next to its fields."""
    try:
        introduction = introduce()
    except NotAllowed:
        abort(404)
    except ValidationFailed as exc:
        apply_errors(form, exc.errors)
        return None
    except Refused as exc:
        flash(exc.message, "error")
        if exc.introduction is not None:
            return redirect(url_for("introductions.show", introduction_id=exc.introduction.id))
        return redirect(url_for("broker.queue"))
    return _introduced(introduction)


@bp.route("/suggestions/<int:target_id>/introduce", methods=["GET", "POST"], defaults={"kind": "suggestion"})
@bp.route("/chains/<int:target_id>/introduce", methods=["GET", "POST"], defaults={"kind": "chain"})
def introduce(kind: str, target_id: int):
    """A broker introduces the organisations of a suggestion or of a chain to each other."""
    target = introduction_service.introduction_target(current_user, kind, target_id)
    if target is None:
        abort(404)
    form = IntroduceForm()
    if form.validate_on_submit():
        response = _submit(
            form, lambda: introduction_service.introduce(current_user, kind, target_id, form.note.data or "")
        )
        if response is not None:
            return response
    return render_template("broker/introduce.html", form=form, teach=_pair_teach_form(target), **target), \
        (422 if form.errors else 200)


def _pair_teach_form(target: dict) -> TeachForm | None:
    """The teach form of a suggestion: its offer's class can serve as its need's (a chain has none)."""
    suggestion = target.get("suggestion")
    return teach_form(**_suggestion_preset(suggestion)) if suggestion is not None else None


def _suggestion_preset(suggestion) -> dict:
    return {"class_id": suggestion.offer.effective_class, "target": suggestion.need.effective_class}


# -- teaching the matching: "X can serve as Y" and synonyms, proposed for an admin to decide ----------

def _teach(source: dict, back: str, preset: dict, **page):
    """Propose what the form says; back to the page it came from, or the form again with the
    service's messages beside its fields (422)."""
    form = TeachForm(prefix="teach").fill_choices()
    if request.method == "GET":
        form = teach_form(**preset)
    elif form.validate_on_submit():
        try:
            knowledge.propose(current_user, form.proposal(**source))
        except NotAllowed:
            abort(404)
        except ValidationFailed as exc:
            apply_errors(form, exc.errors)
        else:
            flash(_("Thank you. Your proposal is sent to an admin, who decides whether the matching "
                    "learns it."), "success")
            return redirect(back)
    return render_template("broker/teach.html", teach=form, back=back, **page), (422 if form.errors else 200)


@bp.route("/suggestions/<int:target_id>/teach", methods=["GET", "POST"])
def teach_from_suggestion(target_id: int):
    """Teach the matching from a suggestion (the pair the broker is looking at)."""
    target = introduction_service.introduction_target(current_user, "suggestion", target_id)
    if target is None:
        abort(404)
    suggestion = target["suggestion"]
    back = url_for("broker.introduce", kind="suggestion", target_id=suggestion.id) + "#teach"
    return _teach({"suggestion_id": suggestion.id}, back, _suggestion_preset(suggestion),
                  suggestion=suggestion, introduction=None)


@bp.route("/introductions/<int:introduction_id>/teach", methods=["GET", "POST"])
def teach_from_introduction(introduction_id: int):
    """Teach the matching from an introduction."""
    introduction = visible_or_404(introduction_service.get_visible, introduction_id)
    back = url_for("introductions.show", introduction_id=introduction.id) + "#teach"
    return _teach({"introduction_id": introduction.id}, back, introduction_preset(introduction),
                  suggestion=None, introduction=introduction)


@bp.route("/requests/<int:introduction_id>/take", methods=["GET", "POST"])
def take_request(introduction_id: int):
    introduction = visible_or_404(introduction_service.get_visible, introduction_id)
    form = IntroduceForm()
    if request.method == "GET":
        form.version.data = str(introduction.version)
    if form.validate_on_submit():
        try:
            introduction_service.take_request(
                current_user, introduction, form.note.data or "", int_form_value("version")
            )
        except ValidationFailed as exc:
            apply_errors(form, exc.errors)
        except Refused as exc:
            flash(exc.message, "error")
            return redirect(url_for("introductions.show", introduction_id=introduction.id))
        except Conflict:
            flash(conflict_message(), "error")
            return redirect(url_for("introductions.show", introduction_id=introduction.id))
        else:
            flash(
                _(
                    "The request is passed on. "
                    "The organisation behind the listing is asked to accept or decline."
                ),
                "success",
            )
            return redirect(url_for("introductions.show", introduction_id=introduction.id))
    return render_template("broker/take_request.html", form=form, introduction=introduction), (
        422 if form.errors else 200
    )


@bp.post("/introductions/<int:introduction_id>/notes")
def add_note(introduction_id: int):
    introduction = visible_or_404(introduction_service.get_visible, introduction_id)
    form = BrokerNoteForm()
    try:
        introduction_service.add_broker_note(current_user, introduction, form.body.data or "")
    except NotAllowed:
        abort(404)
    except ValidationFailed as exc:
        for message in exc.errors.values():
            flash(message, "error")
    else:
        flash(_("Your note is saved. Only brokers see it."), "success")
    return redirect(url_for("introductions.show", introduction_id=introduction.id) + "#broker-notes")


@bp.get("/approvals")
def approvals():
    """New organisations waiting for approval and requests to join a registered organisation."""
    organisations, waiting = approval_service.pending_organisations(current_user)
    claims = approval_service.pending_claims(current_user)
    return render_template("broker/approvals.html", organisations=organisations,
                           organisations_waiting=waiting, claims=claims)


def _decide(decide, target_id: int, positive: str, messages: dict[str, str]):
    form = DecisionForm()
    decision = request.form.get("decision")
    if not form.validate_on_submit() or decision not in messages:
        abort(400)
    try:
        decide(current_user, target_id, decision == positive, form.note.data or "")
    except NotAllowed:
        abort(404)
    except ValidationFailed as exc:
        for message in exc.errors.values():
            flash(message, "error")
    else:
        flash(messages[decision], "success")
    return redirect(url_for("broker.approvals"))


@bp.post("/organisations/<int:org_id>/decision")
def decide_organisation(org_id: int):
    return _decide(approval_service.decide_organisation, org_id, "approve", {
        "approve": _("The organisation is approved. Its listings are now seen by others."),
        "refuse": _("The organisation is refused. Its listings stay hidden from others."),
    })


@bp.post("/claims/<int:claim_id>/decision")
def decide_claim(claim_id: int):
    return _decide(approval_service.decide_claim, claim_id, "grant", {
        "grant": _("The person is added to the organisation."),
        "refuse": _("The request is refused."),
    })


# -- spreadsheets: exports and the listing import ------------------------------------------------------

INTRODUCTION_KIND_LABELS = {"request": _l("Asked for by a member"), "broker": _l("Made by a broker")}


def _export_labels() -> export_service.Labels:
    return export_service.Labels(
        introduction_status=INTRODUCTION_STATUS_LABELS, introduction_kind=INTRODUCTION_KIND_LABELS,
        consent=CONSENT_LABELS, exchange_status=EXCHANGE_STATUS_LABELS, exchange_frequency=FREQ_LABELS,
        transport=TRANSPORT_LABELS, people_kind=PEOPLE_KIND_LABELS,
    )


@bp.get("/spreadsheets")
def spreadsheets():
    """Exports of listings, introductions and exchanges, and the way to the listing import."""
    listing_form, introduction_form = ListingExportForm(request.args), IntroductionExportForm(request.args)
    listing_form.fill_choices()
    introduction_form.fill_choices()
    return render_template("broker/spreadsheets.html", listing_form=listing_form,
                           introduction_form=introduction_form)


@bp.get("/exports/listings", defaults={"kind": "listings"})
@bp.get("/exports/introductions", defaults={"kind": "introductions"})
@bp.get("/exports/exchanges", defaults={"kind": "exchanges"})
def export(kind: str):
    """A download: ?format=csv or xlsx, and the filters of the spreadsheets page."""
    form = ListingExportForm(request.args)
    filters = export_service.ListingExportFilters(
        kind=form.kind.data or None, status=form.status.data or None,
        municipality=form.municipality.data or None, resource_class=form.resource_class.data or None,
    )
    try:
        made = export_service.export(
            current_user, kind, request.args.get("format", "csv"), listing_filters=filters,
            introduction_status=request.args.get("status") or None, labels=_export_labels(),
        )
    except NotAllowed:
        abort(404)
    except ValidationFailed as exc:
        for message in exc.errors.values():
            flash(message, "error")
        return redirect(url_for("broker.spreadsheets"))
    return download(made.content, made.mimetype, made.filename)


@bp.route("/import", methods=["GET", "POST"])
def import_listings():
    """Upload a workshop spreadsheet; its rows are shown for checking before anything is written."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        if upload is None or not getattr(upload, "filename", ""):
            form.file.errors.append(_("Choose a file to upload."))
        else:
            try:
                kept = listing_import.upload(current_user, upload.read(listing_import.MAX_BYTES + 1),
                                             upload.filename)
            except NotAllowed:
                abort(404)
            except listing_import.ImportRefused as exc:
                form.file.errors.append(exc.message)
            else:
                return redirect(url_for("broker.import_preview", token=kept.token))
    elif request.method == "POST" and not form.errors:
        form.file.errors.append(_("Choose a file to upload."))
    return render_template("broker/import.html", form=form, columns=listing_import.COLUMNS,
                           required=listing_import.REQUIRED), (422 if form.file.errors else 200)


@bp.route("/import/<token>", methods=["GET", "POST"])
def import_preview(token: str):
    """The checked rows of an upload (GET) and their import (POST), in one transaction or not at all."""
    form = ConfirmImportForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            done = listing_import.confirm(current_user, token, only_valid=form.only_valid.data == "1")
        except listing_import.ImportRefused as exc:
            flash(exc.message, "error")
            return redirect(url_for("broker.import_preview", token=token))
        if done is None:
            abort(404)
        flash(_("Listings imported and matched: %(n)d. Rows not imported: %(skipped)d.",
                n=len(done.created), skipped=len(done.rows) - len(done.created)), "success")
        return redirect(url_for("broker.import_preview", token=token))
    try:
        checked = listing_import.preview(current_user, token)
    except listing_import.ImportRefused as exc:
        flash(exc.message, "error")
        return redirect(url_for("broker.import_listings"))
    if checked is None:
        abort(404)
    return render_template("broker/import_preview.html", preview=checked, form=form)


@bp.get("/matching")
def matching():
    """How the suggestions are computed, the latest full recompute's progress and the failed jobs."""
    queued = jobs.enabled()
    return render_template("broker/matching.html", queued=queued,
                           progress=jobs.progress() if queued else None,
                           failed=jobs.failed_jobs() if queued else [],
                           failed_count=jobs.failed_count() if queued else 0)


@bp.get("/outcomes")
def outcomes_page():
    """How suggestions turned out, per resource group: the first suggestion and the top 5 against the
    outcomes (services/outcomes.py), and how many became realised exchanges."""
    groups, counted_at = outcomes.turned_out()
    return render_template("broker/outcomes.html", groups=groups, counted_at=counted_at,
                           every_minutes=current_app.config["OUTCOME_FIGURES_SECONDS"] // 60)


@bp.post("/matching/run")
def run_matching():
    result = jobs.request_full_recompute(current_user)
    if result is None:
        flash(_("A full recompute is still running; its progress is below."), "info")
    elif isinstance(result, str):
        flash(_("The full recompute is on the queue; the workers take its parts."), "success")
    else:
        flash(_("Recomputed: %(suggestions)d suggestions and %(chains)d circular chains.",
                suggestions=result.suggestions, chains=result.chains), "success")
    return redirect(url_for("broker.matching"))


@bp.post("/matching/retry")
def retry_matching():
    if not jobs.enabled():
        abort(404)
    count = jobs.retry_failed_by(current_user)
    flash(ngettext("%(num)d failed job is back on the queue.", "%(num)d failed jobs are back on the queue.",
                   count), "success" if count else "info")
    return redirect(url_for("broker.matching"))
