"""The matching knowledge brokers teach: from a suggestion or an introduction a broker proposes
"X can serve as Y" (Y a resource class or a use) or a new synonym of X in Swedish or English; an
admin accepts or rejects it. Accepted proposals are the knowledge added to the shipped taxonomy
(`matching.taxonomy.extend_taxonomy`), in the order of their knowledge version (one more at every
accept). The engine of every process compares the current version with the one it was built with
(`services.matching._cache`) and rebuilds when it differs, so an accept takes effect without a
deploy; `flask taxonomy export` writes the merged taxonomy back in the format of the shipped file.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import matching, policy
from ..extensions import db
from ..matching.taxonomy import KNOWLEDGE_KINDS, LANGS, SERVES_AS, SYNONYM, known_already, phrase_key
from ..models import Introduction, KnowledgeProposal, Suggestion, User
from ..models._types import utcnow
from ..validators import clean_text
from . import audit, reference
from .errors import NotAllowed, ValidationFailed

PHRASE_MAX = 80
LIST_LIMIT = 200   # decided proposals shown on the admin page (every open one is shown)


@dataclass(frozen=True)
class ProposalInput:
    """What a broker's form (or the demo seed) sends: the kind, the class X and either the target Y
    or a phrase and its language; the suggestion or introduction it was taught from."""

    kind: str
    class_id: str
    target: str = ""
    phrase: str = ""
    language: str = ""
    suggestion_id: int | None = None
    introduction_id: int | None = None


# -- the knowledge as data ------------------------------------------------------------------------

def version() -> int:
    """The current knowledge version: the number of accepts so far (0: the shipped taxonomy only)."""
    return db.session.scalar(select(func.max(KnowledgeProposal.knowledge_version))) or 0


def _accepted_rows() -> list[KnowledgeProposal]:
    # populate_existing: the session may hold a copy read before another process accepted it.
    return list(db.session.scalars(select(KnowledgeProposal).where(KnowledgeProposal.status == "accepted")
                                   .order_by(KnowledgeProposal.knowledge_version)
                                   .execution_options(populate_existing=True)))


def accepted_items() -> list[matching.KnowledgeItem]:
    """The accepted knowledge as plain data, in the order it was accepted."""
    return [row.item() for row in _accepted_rows()]


def accepted() -> list[dict]:
    """The accepted knowledge as JSON-able dicts (kind, class, target or language and phrase,
    version)."""
    return [{"kind": r.kind, "class": r.class_id, "target": r.target, "language": r.language,
             "phrase": r.phrase, "version": r.knowledge_version} for r in _accepted_rows()]


_LOCK = threading.Lock()


def taxonomy_at(knowledge_version: int) -> matching.Taxonomy:
    """The taxonomy with the accepted knowledge applied, as of ``knowledge_version`` (the shipped one
    at 0). Kept per application for the last version asked, so pages that read labels pay nothing."""
    if knowledge_version == 0:
        return reference.taxonomy()
    with _LOCK:
        held = current_app.extensions.get("siru_knowledge")
        if held is not None and held[0] == knowledge_version:
            return held[1]
        items = [row.item() for row in _accepted_rows() if row.knowledge_version <= knowledge_version]
        tax = matching.extend_taxonomy(*reference.taxonomy_data(), items)
        current_app.extensions["siru_knowledge"] = (knowledge_version, tax)
        return tax


def taxonomy() -> matching.Taxonomy:
    """The taxonomy with every accepted item applied."""
    return taxonomy_at(version())


def export_data() -> tuple[dict, dict | None]:
    """``taxonomy.json`` and ``uses.json`` as data, with the accepted knowledge merged in."""
    return matching.taxonomy.merge_knowledge(*reference.taxonomy_data(), accepted_items())


# -- proposing ------------------------------------------------------------------------------------

def target_choices(lang: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """What a class can serve as: the resource classes by group, then the uses, in ``lang``."""
    lang = lang or reference.current_language()
    tax = reference.taxonomy()
    grouped = dict(reference.class_choices(lang))
    uses = sorted(((uid, use.labels[lang]) for uid, use in tax.uses.items()), key=lambda x: x[1])
    if uses:
        grouped[_("Uses")] = uses
    return grouped


def _key(kind: str, class_id: str, target: str, phrase: str, language: str) -> str:
    if kind == SYNONYM:
        return f"{SYNONYM}|{class_id}|{language}|{phrase_key(phrase)}"
    return f"{SERVES_AS}|{class_id}|{target}"


def validate(data: ProposalInput) -> dict:
    """The proposal's columns, or ValidationFailed with a message per field in the user's language."""
    tax = reference.taxonomy()
    errors: dict[str, str] = {}
    kind = data.kind if data.kind in KNOWLEDGE_KINDS else None
    if kind is None:
        errors["kind"] = _("Choose what to teach.")
    class_id = (data.class_id or "").strip()
    if class_id not in tax.classes:
        errors["class_id"] = _("Choose a resource class from the list.")
    values = {"kind": kind, "class_id": class_id, "target": None, "phrase": None, "language": None}
    if kind == SERVES_AS:
        target = (data.target or "").strip()
        if target not in tax.nodes:
            errors["target"] = _("Choose what it can serve as from the list.")
        elif target == class_id:
            errors["target"] = _("A class cannot serve as itself: choose another.")
        values["target"] = target
    elif kind == SYNONYM:
        phrase = clean_text(data.phrase).lower()
        language = (data.language or "").strip()
        if language not in LANGS:
            errors["language"] = _("Choose Swedish or English.")
        if not phrase or not any(ch.isalpha() for ch in phrase):
            errors["phrase"] = _("Write the word or phrase.")
        elif len(phrase) > PHRASE_MAX:
            errors["phrase"] = _("Keep this under %(max)d characters (now %(n)d).",
                                 max=PHRASE_MAX, n=len(phrase))
        values.update(phrase=phrase, language=language)
    if errors:
        raise ValidationFailed(errors)
    item = matching.KnowledgeItem(kind=kind, class_id=class_id, target=values["target"],
                                  language=values["language"], phrase=values["phrase"])
    base, uses = reference.taxonomy_data()
    if known_already(*matching.taxonomy.merge_knowledge(base, uses, accepted_items()), item):
        raise ValidationFailed({_field(kind): _("The matching knows this already.")})
    values["key"] = _key(kind, class_id, values["target"] or "", values["phrase"] or "",
                         values["language"] or "")
    return values


def _field(kind: str) -> str:
    return "target" if kind == SERVES_AS else "phrase"


def _source(user, data: ProposalInput) -> dict:
    """The suggestion or introduction the proposal was taught from (one, visible to the broker)."""
    if data.suggestion_id is not None:
        if db.session.get(Suggestion, data.suggestion_id) is None:
            raise NotAllowed()
        return {"suggestion_id": data.suggestion_id}
    if data.introduction_id is not None:
        introduction = db.session.get(Introduction, data.introduction_id)
        if introduction is None or not policy.can(user, "view", introduction):
            raise NotAllowed()
        return {"introduction_id": data.introduction_id}
    return {}


def propose(user: User, data: ProposalInput) -> KnowledgeProposal:
    """A broker proposes one piece of knowledge. Committed with its audit row; ValidationFailed on bad
    input or a duplicate (of the taxonomy, of accepted knowledge or of an open proposal)."""
    if not policy.can(user, "teach_matching"):
        raise NotAllowed()
    source = _source(user, data)
    values = validate(data)
    if db.session.scalar(select(KnowledgeProposal.id).where(KnowledgeProposal.key == values["key"],
                                                            KnowledgeProposal.status != "rejected")):
        raise ValidationFailed({_field(values["kind"]): _("This has been proposed already.")})
    proposal = KnowledgeProposal(**values, **source, proposed_by_id=user.id, status="proposed")
    db.session.add(proposal)
    try:
        db.session.flush()  # the open-key index refuses a twin sent at the same moment
    except IntegrityError:
        db.session.rollback()
        raise ValidationFailed({_field(values["kind"]): _("This has been proposed already.")}) from None
    audit.record(user, "knowledge.proposed", proposal, _detail(proposal))
    db.session.commit()
    return proposal


def _detail(proposal: KnowledgeProposal) -> dict:
    detail = {"kind": proposal.kind, "class": proposal.class_id}
    if proposal.kind == SERVES_AS:
        detail["target"] = proposal.target
    else:
        detail.update(language=proposal.language, phrase=proposal.phrase)
    for name in ("suggestion_id", "introduction_id", "knowledge_version"):
        if getattr(proposal, name) is not None:
            detail[name] = getattr(proposal, name)
    return detail


# -- deciding -------------------------------------------------------------------------------------

def decide(user: User, proposal_id: int, accept: bool) -> KnowledgeProposal:
    """An admin accepts (the next knowledge version) or rejects an open proposal. Committed with its
    audit row. NotAllowed for anyone but an admin or an unknown proposal; ValidationFailed when it
    was decided already."""
    if not policy.can(user, "decide_knowledge"):
        raise NotAllowed()
    proposal = db.session.get(KnowledgeProposal, proposal_id, populate_existing=True)
    if proposal is None:
        raise NotAllowed()
    for _attempt in range(3):  # another admin's accept may take the same version number
        if proposal.status != "proposed":
            raise ValidationFailed({"decision": _("This proposal has been decided already.")})
        proposal.status = "accepted" if accept else "rejected"
        proposal.decided_by_id, proposal.decided_at = user.id, utcnow()
        if accept:
            proposal.knowledge_version = version() + 1
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            proposal = db.session.get(KnowledgeProposal, proposal_id, populate_existing=True)
            continue
        action = "knowledge.accepted" if accept else "knowledge.rejected"
        audit.record(user, action, proposal, _detail(proposal))
        db.session.commit()
        return proposal
    raise ValidationFailed({"decision": _("Another admin decided at the same moment. Try again.")})


def get(user: User, proposal_id: int) -> KnowledgeProposal | None:
    """One proposal for an admin; None for anyone else or an unknown id."""
    if not policy.can(user, "decide_knowledge"):
        return None
    return db.session.get(KnowledgeProposal, proposal_id)


def proposals(user: User) -> dict:
    """The admin page: open proposals (oldest first) and the latest decided ones, with the version."""
    if not policy.can(user, "decide_knowledge"):
        raise NotAllowed()
    base = select(KnowledgeProposal).options(selectinload(KnowledgeProposal.proposed_by),
                                             selectinload(KnowledgeProposal.decided_by))
    open_rows = list(db.session.scalars(base.where(KnowledgeProposal.status == "proposed")
                                        .order_by(KnowledgeProposal.id)))
    decided = list(db.session.scalars(base.where(KnowledgeProposal.status != "proposed")
                                      .order_by(KnowledgeProposal.decided_at.desc(),
                                                KnowledgeProposal.id.desc())
                                      .limit(LIST_LIMIT)))
    return {"open": open_rows, "decided": decided, "version": version()}


def describe(proposal: KnowledgeProposal, lang: str | None = None) -> str:
    """The proposal in words: "Sawdust can serve as Biomass fuel", or "“spillvirke” in Swedish is a
    synonym of Sawdust"."""
    lang = lang or reference.current_language()
    tax = reference.taxonomy()
    subject = tax.label(proposal.class_id, lang)
    if proposal.kind == SERVES_AS:
        return _("%(x)s can serve as %(y)s", x=subject, y=tax.label(proposal.target or "", lang))
    language = _("in Swedish") if proposal.language == "sv" else _("in English")
    return _("“%(phrase)s” %(language)s is a synonym of %(x)s", phrase=proposal.phrase or "",
             language=language, x=subject)
