"""The survey (/survey/): a member answers it step by step for the organisation, each step saved as a
draft (with JavaScript, each change is saved at once); reads and downloads its answers and the summary
for its sustainability reporting. Brokers see who has answered (/survey/status)."""
import json

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import policy
from ...services import spreadsheets, survey, survey_report
from ...services.errors import NotAllowed, ValidationFailed
from ..downloads import download
from ..formtools import page_arg
from . import bp
from .forms import FINISH_STEP, NEEDS_STEP, SurveyStepForm, activity_field, answers_from, shown_values, steps

AUTOSAVE_HEADER = "X-Survey-Autosave"


def _lang() -> str:
    return str(get_locale() or "sv")


def _organisation():
    """The user's own organisation, or 404 (a user without one has no survey to answer)."""
    org = current_user.organisation if current_user.organisation_id else None
    if org is None or not policy.can(current_user, "view_survey", org):
        abort(404)
    return org


def _year_arg() -> int:
    try:
        return int(request.args.get("year", ""))
    except ValueError:
        return survey.this_year()


@bp.get("/")
@login_required
def index():
    if current_user.organisation_id is None and policy.can(current_user, "survey_status"):
        return redirect(url_for("survey.status"))
    org = _organisation()
    year = survey.this_year()
    responses = survey.responses_of(org)
    current = next((r for r in responses if r.year == year), None)
    return render_template("survey/index.html", org=org, year=year, current=current,
                           earlier=[r for r in responses if r.year != year],
                           can_answer=policy.can(current_user, "answer_survey", org))


def _questionnaire_for(response):
    return survey.questionnaire(response.questionnaire_version if response else survey.current_version())


@bp.route("/edit", methods=["GET", "POST"])
@login_required
def edit():
    org = _organisation()
    if not policy.can(current_user, "answer_survey", org):
        abort(403)
    year = survey.this_year()
    response = survey.response_for(org, year)
    q = _questionnaire_for(response)
    all_steps = steps(q)
    step = request.values.get("step") or all_steps[0]
    if step not in all_steps:
        abort(404)
    saved = response.answers if response else survey.empty_answers()
    form = SurveyStepForm()
    errors: dict[str, str] = {}
    posted: dict = {}
    if request.method == "POST":
        autosave = request.headers.get(AUTOSAVE_HEADER) == "1"
        if not form.validate():
            if autosave:
                expired = _("The form has expired. Please reload the page.")
                return jsonify({"errors": {"csrf_token": expired}}), 400
            abort(400)
        posted = answers_from(request.form, step, q)
        go = request.form.get("go", "next")
        try:
            response = survey.save(org, current_user, year, posted, submit=(go == "submit"))
        except ValidationFailed as e:
            errors = e.errors
            if autosave:
                return jsonify({"errors": errors}), 422
        except NotAllowed:
            abort(403)
        else:
            if autosave:
                return jsonify({"saved": True, "submitted": response.is_submitted})
            if go == "submit":
                flash(_("Thank you! Your answers for %(year)d are submitted. You can change them until the "
                        "end of the year.", year=year), "success")
                return redirect(url_for("survey.index"))
            if go == "later":
                flash(_("Your answers are saved. Go on whenever you like."), "success")
                return redirect(url_for("survey.index"))
            index_ = all_steps.index(step)
            target = all_steps[max(index_ - 1, 0)] if go == "back" else all_steps[min(index_ + 1,
                                                                                      len(all_steps) - 1)]
            return redirect(url_for("survey.edit", step=target))
    values = shown_values(saved, posted)
    missing = _missing_by_step(q, errors) if step == FINISH_STEP else []
    return render_template(
        "survey/edit.html", org=org, year=year, q=q, lang=_lang(), step=step, steps=all_steps,
        step_number=all_steps.index(step) + 1, values=values, errors=errors, form=form, response=response,
        activity_field=activity_field, needs_step=NEEDS_STEP, finish_step=FINISH_STEP, missing=missing,
        step_titles=_step_titles(q),
    ), (422 if errors else 200)


def _step_titles(q) -> dict[str, str]:
    titles = {a["id"]: a["label"][_lang()] for a in q.areas}
    titles[NEEDS_STEP] = _("Support and obstacles")
    titles[FINISH_STEP] = _("Finish")
    return titles


def _missing_by_step(q, errors: dict) -> list[tuple[str, list[str]]]:
    """For the finish step: the activities still without an answer, by the step they are on."""
    out = []
    for area in q.areas:
        labels = [a["label"][_lang()] for a in q.activities_in(area["id"])
                  if f"activities.{a['id']}" in errors]
        if labels:
            out.append((area["id"], labels))
    return out


def _own_response(year: int):
    org = _organisation()
    return org, survey.response_for(org, year)


@bp.get("/answers")
@login_required
def answers():
    year = _year_arg()
    org, response = _own_response(year)
    data = survey_report.labelled(response, _lang()) if response else None
    return render_template("survey/answers.html", org=org, year=year, response=response, data=data)


@bp.get("/answers.json")
@login_required
def answers_json():
    year = _year_arg()
    org, response = _own_response(year)
    if response is None:
        abort(404)
    body = json.dumps(survey_report.as_json(org, response, _lang()), ensure_ascii=False, indent=2)
    return download(body, "application/json", f"survey-{year}.json")


@bp.get("/answers.csv")
@login_required
def answers_csv():
    year = _year_arg()
    org, response = _own_response(year)
    if response is None:
        abort(404)
    header, rows = survey_report.csv_rows(response, _lang())
    return download(spreadsheets.write_csv(header, rows), spreadsheets.MIME["csv"], f"survey-{year}.csv")




@bp.get("/summary")
@login_required
def summary():
    year = _year_arg()
    org, response = _own_response(year)
    points = survey_report.summary(org, response, year, _lang())
    return render_template("survey/summary.html", org=org, year=year, response=response, points=points)


@bp.get("/status")
@login_required
def status():
    if not policy.can(current_user, "survey_status"):
        abort(404)
    year = _year_arg()
    state = request.args.get("state") if request.args.get("state") in survey.STATES else None
    page, counts = survey.status(year, state, page_arg())
    return render_template("survey/status.html", year=year, rows=page.items, page=page, counts=counts,
                           state=state, this_year=survey.this_year())
