"""The survey: the questionnaire as versioned data, and each organisation's answers per year.

The questionnaire lives in `data/survey/<version>.json` (and, when `SURVEY_DIR` is configured, in that
folder too, so that a new yearly version needs no deploy). The current version is the one with the
highest `year_from` not after this year. An answer keeps the version it was given in: it is validated
and shown against that version's file, never against a newer one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Organisation, SurveyResponse
from . import paging
from .errors import NotAllowed, ValidationFailed
from .paging import Page

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "data" / "survey"
LANGUAGES = ("sv", "en")
STAGE_IDS = ("none", "planned", "started", "established")
TEXT_FIELDS = ("activities_other", "support_other", "obstacles_other")
LIST_FIELDS = ("support", "obstacles")
MAX_TEXT = 2000
# The disclosures of the VSME basic module (EFRAG, 2024) an activity may feed ("vsme" in the file).
VSME_POINTS = tuple(f"B{i}" for i in range(1, 12))
STOCKHOLM = ZoneInfo("Europe/Stockholm")


class QuestionnaireError(ValueError):
    """A questionnaire file is malformed (raised when it is loaded, never half-used)."""


@dataclass(frozen=True)
class Questionnaire:
    """One version of the questionnaire, as its file has it. Items are the file's dicts
    ({"id", "label": {"sv", "en"}, ...}); the `*_ids` tuples keep the file's order."""

    version: str
    year_from: int
    data: dict = field(repr=False)

    @property
    def activities(self) -> list[dict]:
        return self.data["activities"]

    @property
    def areas(self) -> list[dict]:
        return self.data["areas"]

    @property
    def stages(self) -> list[dict]:
        return self.data["stages"]

    @property
    def support(self) -> list[dict]:
        return self.data["support"]

    @property
    def obstacles(self) -> list[dict]:
        return self.data["obstacles"]

    @property
    def activity_ids(self) -> tuple[str, ...]:
        return tuple(a["id"] for a in self.activities)

    @property
    def stage_ids(self) -> tuple[str, ...]:
        return tuple(s["id"] for s in self.stages)

    @property
    def support_ids(self) -> tuple[str, ...]:
        return tuple(s["id"] for s in self.support)

    @property
    def obstacle_ids(self) -> tuple[str, ...]:
        return tuple(o["id"] for o in self.obstacles)

    def activities_in(self, area_id: str) -> list[dict]:
        return [a for a in self.activities if a["area"] == area_id]

    def item(self, kind: str, item_id: str) -> dict | None:
        """The activity, stage, support, obstacle or area with this id (kind is the file's key)."""
        return next((i for i in self.data[kind] if i["id"] == item_id), None)

    def label(self, kind: str, item_id: str, lang: str = "sv") -> str:
        it = self.item(kind, item_id)
        if it is None:
            return item_id
        return it["label"].get(lang) or it["label"]["sv"]


def _check_labels(item: dict, where: str, keys=("label",)) -> None:
    for key in keys:
        text = item.get(key)
        if not isinstance(text, dict) or any(not isinstance(text.get(lang), str) or not text[lang].strip()
                                              for lang in LANGUAGES):
            raise QuestionnaireError(f"{where}: {key} needs non-empty sv and en")


def _check_items(data: dict, kind: str, where: str, keys=("label",), need_source=True) -> set[str]:
    items = data.get(kind)
    if not isinstance(items, list) or not items:
        raise QuestionnaireError(f"{where}: {kind} must be a non-empty list")
    seen: set[str] = set()
    for i, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str) or not ident or not ident.replace("_", "").isalnum() \
                or ident != ident.lower() or len(ident) > 40:
            raise QuestionnaireError(f"{where}: {kind}[{i}] needs an id (a lower-case slug)")
        if ident in seen:
            raise QuestionnaireError(f"{where}: {kind} id {ident!r} twice")
        seen.add(ident)
        _check_labels(item, f"{where}: {kind} {ident}", keys)
        if need_source and not str(item.get("source", "")).strip():
            raise QuestionnaireError(f"{where}: {kind} {ident} needs a source")
    return seen


def parse_questionnaire(data: dict, where: str = "questionnaire") -> Questionnaire:
    """Check a questionnaire's structure and return it; a QuestionnaireError says what is wrong."""
    if not isinstance(data, dict):
        raise QuestionnaireError(f"{where}: not an object")
    version = data.get("version")
    if not isinstance(version, str) or not version or len(version) > 16:
        raise QuestionnaireError(f"{where}: version must be a string of at most 16 characters")
    if not isinstance(data.get("year_from"), int):
        raise QuestionnaireError(f"{where}: year_from must be a year")
    areas = _check_items(data, "areas", where, need_source=False)
    _check_items(data, "activities", where, keys=("label", "help"))
    for a in data["activities"]:
        if a.get("area") not in areas:
            raise QuestionnaireError(f"{where}: activity {a['id']} has an unknown area {a.get('area')!r}")
        if a.get("vsme") is not None and a["vsme"] not in VSME_POINTS:
            raise QuestionnaireError(f"{where}: activity {a['id']} has an unknown VSME point {a['vsme']!r}")
    stages = _check_items(data, "stages", where, need_source=False)
    if tuple(s["id"] for s in data["stages"]) != STAGE_IDS or stages != set(STAGE_IDS):
        raise QuestionnaireError(f"{where}: stages must be {', '.join(STAGE_IDS)} in that order")
    _check_items(data, "support", where)
    _check_items(data, "obstacles", where)
    return Questionnaire(version=version, year_from=data["year_from"], data=data)


def _dirs() -> list[Path]:
    extra = current_app.config.get("SURVEY_DIR") if has_app_context() else None
    return ([Path(extra)] if extra else []) + [PACKAGE_DIR]


@cache
def _load(path: str, mtime_ns: int) -> Questionnaire:
    with open(path, encoding="utf-8") as fh:
        q = parse_questionnaire(json.load(fh), where=Path(path).name)
    if Path(path).stem != q.version:
        raise QuestionnaireError(f"{Path(path).name}: the file name must be its version ({q.version})")
    return q


def _files() -> dict[str, Path]:
    """version -> file; a configured SURVEY_DIR wins over the package's own copy of a version."""
    found: dict[str, Path] = {}
    for d in reversed(_dirs()):
        if d.is_dir():
            for p in sorted(d.glob("*.json")):
                found[p.stem] = p
    return found


def versions() -> list[Questionnaire]:
    """Every questionnaire version there is, oldest first."""
    qs = [questionnaire(v) for v in _files()]
    return sorted(qs, key=lambda q: (q.year_from, q.version))


def this_year() -> int:
    """The survey year: the calendar year in Sweden."""
    return datetime.now(STOCKHOLM).year


def current_version(year: int | None = None) -> str:
    """The version a new answer for `year` (this year by default) is given in: the highest year_from
    not after that year."""
    year = year or this_year()
    usable = [q for q in versions() if q.year_from <= year] or versions()[:1]
    if not usable:
        raise QuestionnaireError("no questionnaire file")
    return usable[-1].version


def questionnaire(version: str | None = None) -> Questionnaire:
    """The questionnaire of this version (the current one by default), loaded, checked and cached
    (a changed file is read again)."""
    if version is None:
        version = current_version()
    path = _files().get(version)
    if path is None:
        raise QuestionnaireError(f"no questionnaire {version!r}")
    return _load(str(path), path.stat().st_mtime_ns)


def empty_answers() -> dict:
    return {"activities": {}, "activities_other": "", "support": [], "support_other": "",
            "obstacles": [], "obstacles_other": "", "contact_ok": False}


def response_for(org: Organisation | int, year: int | None = None) -> SurveyResponse | None:
    """The organisation's answer (draft or submitted) for the year, or None."""
    org_id = org if isinstance(org, int) else org.id
    return db.session.scalar(select(SurveyResponse).where(
        SurveyResponse.organisation_id == org_id, SurveyResponse.year == (year or this_year())))


def responses_of(org: Organisation | int) -> list[SurveyResponse]:
    """All of an organisation's answers, newest year first."""
    org_id = org if isinstance(org, int) else org.id
    return list(db.session.scalars(select(SurveyResponse).where(SurveyResponse.organisation_id == org_id)
                                   .order_by(SurveyResponse.year.desc())))


def _merge(current: dict, form_data: dict) -> dict:
    merged = empty_answers()
    merged.update({k: v for k, v in (current or {}).items() if k in merged})
    merged["activities"] = dict(merged.get("activities") or {})
    for key, value in (form_data or {}).items():
        if key == "activities" and isinstance(value, dict):
            merged["activities"].update(value)
        else:
            merged[key] = value
    return merged


def validate_answers(q: Questionnaire, answers: dict, complete: bool) -> dict:
    """The answers cleaned against the questionnaire, or ValidationFailed naming each bad field
    ("activities.<id>", "activities", "support", "obstacles", the text fields, "contact_ok").
    With `complete`, every activity must have a stage."""
    errors: dict[str, str] = {}
    unknown = set(answers) - set(empty_answers())
    if unknown:
        errors["answers"] = _("Unknown question: %(name)s.", name=", ".join(sorted(map(str, unknown))))
    clean = empty_answers()
    acts = answers.get("activities")
    if not isinstance(acts, dict):
        errors["activities"] = _("Choose how far you have come with each activity.")
        acts = {}
    for act_id, stage in acts.items():
        if act_id not in q.activity_ids:
            errors["activities"] = _("Unknown activity: %(name)s.", name=str(act_id)[:60])
        elif stage in (None, ""):
            continue
        elif stage not in q.stage_ids:
            errors[f"activities.{act_id}"] = _("Choose one of the stages in the list.")
        else:
            clean["activities"][act_id] = stage
    if complete:
        for act_id in q.activity_ids:
            if act_id not in clean["activities"] and f"activities.{act_id}" not in errors:
                errors[f"activities.{act_id}"] = _("Choose how far you have come with this activity.")
    for key, allowed in (("support", q.support_ids), ("obstacles", q.obstacle_ids)):
        chosen = answers.get(key) or []
        if not isinstance(chosen, list | tuple) or any(not isinstance(c, str) for c in chosen):
            errors[key] = _("Choose from the list.")
            continue
        bad = [c for c in chosen if c not in allowed]
        if bad:
            errors[key] = _("Unknown choice: %(name)s.", name=", ".join(b[:40] for b in bad))
            continue
        # The file's order, each once.
        clean[key] = [i for i in allowed if i in chosen]
    for key in TEXT_FIELDS:
        text = answers.get(key) or ""
        if not isinstance(text, str):
            errors[key] = _("Write text here.")
            continue
        text = text.strip()
        if len(text) > MAX_TEXT:
            errors[key] = _("At most %(n)d characters.", n=MAX_TEXT)
        clean[key] = text
    contact = answers.get("contact_ok", False)
    if not isinstance(contact, bool):
        errors["contact_ok"] = _("Answer yes or no.")
    else:
        clean["contact_ok"] = contact
    if errors:
        raise ValidationFailed(errors)
    return clean


def can_change(response: SurveyResponse | None, year: int) -> bool:
    """This year's answer may be changed, submitted or not, until the year ends; earlier ones are kept."""
    return year == this_year()


def save(org: Organisation, user, year: int, form_data: dict, submit: bool = False) -> SurveyResponse:
    """Save the organisation's answers for the year, merged into what it saved before (a step sends
    only its own questions). A draft may be incomplete; `submit` (or a change to an answer already
    submitted) needs every activity answered. One transaction: all of it or nothing."""
    from .. import policy

    if not policy.can(user, "answer_survey", org):
        raise NotAllowed("answer_survey")
    if not can_change(None, year):
        raise ValidationFailed({"year": _("Only this year's survey can be answered or changed.")})
    response = response_for(org, year)
    version = response.questionnaire_version if response else current_version(year)
    q = questionnaire(version)
    merged = _merge(response.answers if response else {}, form_data)
    clean = validate_answers(q, merged, complete=submit or bool(response and response.is_submitted))
    now = datetime.now(UTC)
    if response is None:
        response = SurveyResponse(organisation_id=org.id, year=year, questionnaire_version=version,
                                  answers=clean)
        db.session.add(response)
        try:
            db.session.flush()
        except IntegrityError:
            # Two tabs saved the first step at once: the other one's row wins, ours is merged into it.
            db.session.rollback()
            return save(org, user, year, form_data, submit)
    else:
        response.answers = clean
        response.updated_at = now
    if submit:
        response.submitted_at = now
    db.session.commit()
    return response


def answered_organisations(year: int | None = None) -> set[int]:
    """The ids of the organisations that submitted an answer for the year (drafts do not count)."""
    return set(db.session.scalars(select(SurveyResponse.organisation_id).where(
        SurveyResponse.year == (year or this_year()), SurveyResponse.submitted_at.is_not(None))))


# -- brokers' overview and reminders ---------------------------------------------------------------

STATES = ("answered", "draft", "not_answered")


@dataclass(frozen=True)
class StatusRow:
    organisation: Organisation
    state: str  # one of STATES
    when: datetime | None  # submitted (answered) or last saved (draft)


def _asked() -> tuple:
    """Which organisations are asked to answer: the approved ones not deleted."""
    return (Organisation.approval == "approved", Organisation.deleted_at.is_(None))


def surveyed_organisations() -> list[Organisation]:
    """The organisations asked to answer, by name."""
    return list(db.session.scalars(select(Organisation).where(*_asked()).order_by(Organisation.name)))


STATUS_PAGE = 50  # organisations per page of the brokers' overview


def status(year: int | None = None, state: str | None = None, page: int = 1) -> tuple[Page, dict[str, int]]:
    """Who has answered the year's survey, who has a draft and who has not started, for brokers: a
    page of STATUS_PAGE organisations by name (only those in ``state`` when given) and the count of
    each state. In the database, not per organisation in Python: at national size the overview was
    every one of 10,000 organisations on one 3 MB page."""
    year = year or this_year()
    answer = and_(SurveyResponse.organisation_id == Organisation.id, SurveyResponse.year == year)
    state_of = case((SurveyResponse.submitted_at.is_not(None), "answered"),
                    (SurveyResponse.id.is_not(None), "draft"), else_="not_answered")
    asked = _asked()
    counted = (select(state_of, func.count(Organisation.id)).select_from(Organisation)
               .outerjoin(SurveyResponse, answer).where(*asked).group_by(state_of))
    counts = dict.fromkeys(STATES, 0) | dict(db.session.execute(counted).all())
    stmt = (select(Organisation, SurveyResponse).outerjoin(SurveyResponse, answer).where(*asked)
            .order_by(Organisation.name, Organisation.id))
    if state in STATES:
        stmt = stmt.where(state_of == state)
    found = paging.paginate(stmt, page, STATUS_PAGE, scalars=False)
    found.items = [_status_row(org, r) for org, r in found.items]
    return found, counts


def _status_row(org: Organisation, response: SurveyResponse | None) -> StatusRow:
    if response is not None and response.is_submitted:
        return StatusRow(org, "answered", response.submitted_at)
    if response is not None:
        return StatusRow(org, "draft", response.updated_at)
    return StatusRow(org, "not_answered", None)


REMINDER_KIND = "survey"


def reminder_event(year: int) -> str:
    return f"reminder-{year}"


@dataclass(frozen=True)
class ReminderSummary:
    organisations: int  # organisations without a submitted answer
    sent: int  # members reminded now
    already: int  # members reminded earlier this year


def remind(year: int | None = None) -> ReminderSummary:
    """Remind, in the site and by email, each confirmed member of every organisation that has not
    submitted the year's survey. Once a year per member: the notification row is the record that the
    reminder went, written in the same transaction as the queued email."""
    from ..models import Notification
    from . import account_mail, notifications

    year = year or this_year()
    event = reminder_event(year)
    answered = answered_organisations(year)
    reminded = set(db.session.scalars(select(Notification.user_id).where(
        Notification.kind == REMINDER_KIND, Notification.event == event)))
    orgs = [o for o in surveyed_organisations() if o.id not in answered]
    sent = already = 0
    for org in orgs:
        for user in notifications.members_of(org.id):
            if user.id in reminded:
                already += 1
                continue
            db.session.add(Notification(user_id=user.id, kind=REMINDER_KIND, event=event))
            account_mail.survey_reminder(user, year)
            reminded.add(user.id)
            sent += 1
    db.session.commit()
    return ReminderSummary(organisations=len(orgs), sent=sent, already=already)


# -- privacy ---------------------------------------------------------------------------------------


def export_rows(org_id: int) -> list[dict]:
    """The organisation's answers for its data export (services/privacy.export_data)."""
    return [{"year": r.year, "questionnaire_version": r.questionnaire_version, "answers": r.answers,
             "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
             "updated_at": r.updated_at.isoformat() if r.updated_at else None}
            for r in responses_of(org_id)]


def erase_free_text(org_id: int) -> None:
    """An organisation removed (its last member left): its free texts may name people and go; the
    choices (ids only) stay for the anonymised aggregates, and no contact is wanted any more. Does not
    commit."""
    for r in responses_of(org_id):
        answers = dict(r.answers or {})
        answers.update({key: "" for key in TEXT_FIELDS})
        answers["contact_ok"] = False
        r.answers = answers
