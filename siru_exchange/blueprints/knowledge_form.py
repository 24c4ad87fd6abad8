"""The broker's "Teach the matching" form, shown on a suggestion (the broker's introduce page) and on
an introduction's page, and posted to the broker blueprint's teach routes."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from ..services import knowledge, reference
from .formtools import select_choices

KIND_LABELS = {"serves_as": _l("… can serve as …"), "synonym": _l("New synonym")}
# Not the bare words: "English" is the language button's own label on every Swedish page.
LANGUAGE_LABELS = {"sv": _l("Swedish (sv)"), "en": _l("English (en)")}


class TeachForm(FlaskForm):
    """Only parses: the rules (an existing class, a phrase, sv or en, not known already) are the
    knowledge service's."""

    kind = SelectField(_l("What to teach"), validate_choice=False)
    class_id = SelectField(_l("Resource class"), validate_choice=False)
    target = SelectField(_l("Can serve as"), validate_choice=False,
                         description=_l("A resource class or a use. For “… can serve as …”."))
    phrase = StringField(_l("Word or phrase"), description=_l("For a new synonym of the resource class."))
    language = SelectField(_l("Language of the word"), validate_choice=False)

    def fill_choices(self) -> "TeachForm":
        self.kind.choices = select_choices(*KIND_LABELS.items())
        self.class_id.choices = select_choices(("", _l("Choose a resource class")),
                                               groups=reference.class_choices())
        self.target.choices = select_choices(("", _l("Choose what it can serve as")),
                                             groups=knowledge.target_choices())
        self.language.choices = select_choices(*LANGUAGE_LABELS.items())
        return self

    def proposal(self, **source) -> knowledge.ProposalInput:
        return knowledge.ProposalInput(kind=self.kind.data or "", class_id=self.class_id.data or "",
                                       target=self.target.data or "", phrase=self.phrase.data or "",
                                       language=self.language.data or "", **source)


def teach_form(class_id: str | None = None, target: str | None = None, lang: str | None = None) -> TeachForm:
    """A fresh form, the classes of the pair it is shown on chosen already."""
    form = TeachForm(prefix="teach", formdata=None).fill_choices()
    form.class_id.data = class_id or ""
    form.target.data = target or ""
    form.language.data = lang or reference.current_language()
    return form


def introduction_preset(introduction) -> dict:
    """The classes of an introduction's first offer and first need, chosen already in its teach form."""
    listings = [p.listing for p in introduction.parties if p.listing is not None]
    first = {kind: next((x.effective_class for x in listings if x.kind == kind), None)
             for kind in ("offer", "need")}
    return {"class_id": first["offer"], "target": first["need"]}
