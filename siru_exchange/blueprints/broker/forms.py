from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField

from ...services import reference
from ...services.introductions import FOCUSES
from ..formtools import select_choices

# Short option labels, so that a phone shows the chosen one whole; the field's hint says what each covers.
FOCUS_LABELS = {"circular": _l("Circular"), "social": _l("Social")}


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    municipality = SelectField(_l("Municipality"), validate_choice=False)
    resource_class = SelectField(_l("Resource class"), validate_choice=False)
    focus = SelectField(
        _l("Kind of collaboration"), validate_choice=False,
        description=_l("Circular: materials, energy, equipment … Social: competence, staff time, "
                       "work training …"),
    )

    def fill_choices(self) -> None:
        self.municipality.choices = select_choices(
            ("", _l("Whole county")), *reference.municipality_choices()
        )
        self.resource_class.choices = select_choices(
            ("", _l("All resource classes")), groups=reference.class_choices()
        )
        self.focus.choices = select_choices(
            ("", _l("Circular and social")), *((f, FOCUS_LABELS[f]) for f in FOCUSES)
        )


class IntroduceForm(FlaskForm):
    """The broker's short note to the organisations; rules live in services.introductions."""

    note = TextAreaField(
        _l("A short note to the organisations"),
        description=_l("Why you think they should talk. Every organisation sees it."),
    )
    version = HiddenField()


class BrokerNoteForm(FlaskForm):
    body = TextAreaField(_l("Private note"), description=_l("Only brokers see these notes."))


class DecisionForm(FlaskForm):
    """Approve or refuse an organisation, grant or refuse a claim; the note goes to the people concerned."""

    note = TextAreaField(_l("Note"), description=_l("Sent with the answer. Optional."))
