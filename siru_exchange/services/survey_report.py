"""What an organisation gets back from its survey answers: the answers labelled in its language (to
read and to download as JSON or CSV), and a summary for its own sustainability reporting along the VSME
basic module's points, filled from the answers and from its exchanges on the platform.

The exchange figures come from `services.impact.organisation_impact`; nothing is recomputed here.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..models import Organisation, SurveyResponse
from . import impact
from .survey import questionnaire

# The VSME basic module's points the summary fills, and which disclosures of the file feed each.
SUMMARY_POINTS = (
    ("B2", _l("B2 Practices, policies and future initiatives"), ("B2",)),
    ("B3", _l("B3 Energy and greenhouse gas emissions"), ("B3",)),
    ("B7", _l("B7 Resource use, circular economy and waste management"), ("B7",)),
    ("B8", _l("B8–B10 Workforce"), ("B8", "B9", "B10")),
)


def _lang(lang: str) -> str:
    return lang if lang in ("sv", "en") else "sv"


def labelled(response: SurveyResponse, lang: str = "sv") -> dict:
    """The answers with their questions' labels, in the questionnaire version they were given in:
    {"areas": [{"id", "label", "activities": [{"id", "label", "stage", "stage_label"}]}],
     "support": [{"id", "label"}], "obstacles": [...], the three free texts, "contact_ok"}."""
    q = questionnaire(response.questionnaire_version)
    lang = _lang(lang)
    a = response.answers or {}
    acts = a.get("activities") or {}
    areas = []
    for area in q.areas:
        items = []
        for act in q.activities_in(area["id"]):
            stage = acts.get(act["id"])
            items.append({"id": act["id"], "label": act["label"][lang], "stage": stage,
                          "stage_label": q.label("stages", stage, lang) if stage else ""})
        areas.append({"id": area["id"], "label": area["label"][lang], "activities": items})
    return {
        "areas": areas,
        "support": [{"id": i, "label": q.label("support", i, lang)} for i in a.get("support") or []],
        "obstacles": [{"id": i, "label": q.label("obstacles", i, lang)} for i in a.get("obstacles") or []],
        "activities_other": a.get("activities_other", ""),
        "support_other": a.get("support_other", ""),
        "obstacles_other": a.get("obstacles_other", ""),
        "contact_ok": bool(a.get("contact_ok")),
    }


def as_json(org: Organisation, response: SurveyResponse, lang: str = "sv") -> dict:
    """The download: the raw answers (ids, as stored) and the same labelled."""
    return {
        "organisation": org.name,
        "year": response.year,
        "questionnaire_version": response.questionnaire_version,
        "submitted_at": response.submitted_at.isoformat() if response.submitted_at else None,
        "updated_at": response.updated_at.isoformat() if response.updated_at else None,
        "answers": response.answers,
        "labelled": labelled(response, lang),
    }


CSV_HEADER = {
    "sv": ("år", "version", "avsnitt", "fråga_id", "fråga", "svar_id", "svar"),
    "en": ("year", "version", "section", "question_id", "question", "answer_id", "answer"),
}


def csv_rows(response: SurveyResponse, lang: str = "sv") -> tuple[tuple, list[tuple]]:
    """(header, rows): one row per activity, per support need and obstacle chosen, and per free text."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    lang = _lang(lang)
    data = labelled(response, lang)
    y, v = response.year, response.questionnaire_version
    rows: list[tuple] = []
    with force_locale(lang):
        for area in data["areas"]:
            for act in area["activities"]:
                rows.append((y, v, area["label"], act["id"], act["label"], act["stage"] or "",
                             act["stage_label"]))
        rows.append((y, v, _("Activities"), "activities_other", _("Other activities"), "",
                     data["activities_other"]))
        for key, title in (("support", _("Support you would need")), ("obstacles", _("Obstacles"))):
            for item in data[key]:
                rows.append((y, v, title, key, title, item["id"], item["label"]))
            rows.append((y, v, title, f"{key}_other", _("Other"), "", data[f"{key}_other"]))
        rows.append((y, v, _("Contact"), "contact_ok", _("The programme may contact us"),
                     "yes" if data["contact_ok"] else "no", _("Yes") if data["contact_ok"] else _("No")))
    return CSV_HEADER[lang], rows


@dataclass(frozen=True)
class SummaryPoint:
    code: str
    title: str
    practices: list[tuple[str, str]]  # (activity label, stage label): started or established
    planned: list[str]  # activity labels
    platform: list[tuple[str, str]]  # (what, figure) from the exchanges on the platform


def _fmt_t(value: float) -> str:
    from flask_babel import format_decimal

    return format_decimal(round(value, 1), format="#,##0.#")


def platform_figures(org: Organisation, year: int) -> dict:
    """The organisation's exchanges in the year, from services.impact, split by its role."""
    figures = impact.organisation_impact(org, year)
    out = {"exchanges": figures["exchanges"], "tonnes_supplied": 0.0, "tonnes_received": 0.0,
           "mwh_supplied": 0.0, "mwh_received": 0.0, "people_reached": figures["people_reached"],
           "co2e_avoided_t": (figures["co2e_avoided_t"] or {}).get("central")}
    for ex in figures["exchanges_list"]:
        side = {"supplier": "supplied", "receiver": "received"}[ex["role"]]
        out[f"tonnes_{side}"] += ex["tonnes"]
        out[f"mwh_{side}"] += ex["mwh"]
    return out


def summary(org: Organisation, response: SurveyResponse | None, year: int,
            lang: str = "sv") -> list[SummaryPoint]:
    """The VSME basic module points B2, B3, B7 and B8–B10, each with the practices the organisation
    runs (from its survey answers) and, where the platform knows them, its figures from exchanges."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    lang = _lang(lang)
    q = questionnaire(response.questionnaire_version if response else None)
    acts = (response.answers or {}).get("activities", {}) if response else {}
    fig = platform_figures(org, year)
    points = []
    with force_locale(lang):
        platform = {
            "B2": [(_("Exchanges on SIRU Exchange this year"), str(fig["exchanges"]))],
            "B3": [(_("Energy supplied to others through exchanges"), f"{_fmt_t(fig['mwh_supplied'])} MWh"),
                   (_("Energy received through exchanges"), f"{_fmt_t(fig['mwh_received'])} MWh")]
            + ([(_("CO2e avoided through exchanges (central estimate)"),
                 f"{_fmt_t(fig['co2e_avoided_t'])} t")] if fig["co2e_avoided_t"] is not None else []),
            "B7": [(_("Residual material passed on for reuse instead of waste"),
                    f"{_fmt_t(fig['tonnes_supplied'])} t"),
                   (_("Material received from others for reuse"), f"{_fmt_t(fig['tonnes_received'])} t")],
            "B8": [(_("People reached through social exchanges (work training, mentoring)"),
                    str(fig["people_reached"]))],
        }
        for code, title, feeds in SUMMARY_POINTS:
            practices, planned = [], []
            for act in q.activities:
                if act.get("vsme") not in feeds:
                    continue
                stage = acts.get(act["id"])
                if stage in ("started", "established"):
                    practices.append((act["label"][lang], q.label("stages", stage, lang)))
                elif stage == "planned":
                    planned.append(act["label"][lang])
            points.append(SummaryPoint(code, str(title), practices, planned, platform[code]))
    return points
