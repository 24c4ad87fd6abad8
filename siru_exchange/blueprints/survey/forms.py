"""The survey's steps. The questions come from the questionnaire file, so the form is read by hand from
the posted fields; the FlaskForm is there for the CSRF token. Every rule is checked once, in
services.survey.validate_answers: an unknown id posted here is passed on and refused there."""
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from ...services.survey import Questionnaire

NEEDS_STEP = "needs"
FINISH_STEP = "finish"


def steps(q: Questionnaire) -> list[str]:
    """One step per area of the questionnaire, then the support and obstacles, then the finish."""
    return [a["id"] for a in q.areas] + [NEEDS_STEP, FINISH_STEP]


class SurveyStepForm(FlaskForm):
    """Only the CSRF token: the fields are the questionnaire's."""


def activity_field(activity_id: str) -> str:
    return f"activity-{activity_id}"


def answers_from(form: MultiDict, step: str, q: Questionnaire) -> dict:
    """The answers one step posts, in the shape services.survey.save merges. A step owns its keys: a
    checkbox list left empty on its own step is an empty list, not "unchanged"."""
    if step == NEEDS_STEP:
        return {"support": form.getlist("support"), "support_other": form.get("support_other", ""),
                "obstacles": form.getlist("obstacles"), "obstacles_other": form.get("obstacles_other", "")}
    if step == FINISH_STEP:
        out: dict = {"activities_other": form.get("activities_other", "")}
        contact = form.get("contact_ok")
        if contact is not None:
            out["contact_ok"] = {"yes": True, "no": False}.get(contact, contact)
        return out
    acts = {}
    for act in q.activities_in(step):
        value = form.get(activity_field(act["id"]))
        if value is not None:
            acts[act["id"]] = value
    # A field for an activity that is not in this step (or in no version) is passed on to be refused.
    for key in form:
        if key.startswith("activity-") and key[len("activity-"):] not in acts:
            acts[key[len("activity-"):]] = form.get(key)
    return {"activities": acts}


def shown_values(saved: dict, posted: dict) -> dict:
    """What a re-shown step shows: the saved answers with what was just posted on top."""
    values = {**saved, **{k: v for k, v in posted.items() if k != "activities"}}
    values["activities"] = {**(saved.get("activities") or {}), **(posted.get("activities") or {})}
    return values
