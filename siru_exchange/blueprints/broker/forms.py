from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, TextAreaField

from ...services import reference
from ...services.introductions import FOCUSES
from ...templating import KIND_LABELS, STATUS_LABELS
from ..formtools import select_choices
from ..introductions.labels import INTRODUCTION_STATUS_LABELS

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


class ListingExportForm(FlaskForm):
    """What the listings export filters by: the queue's municipality and class, and kind and status."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind"), validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False)
    municipality = SelectField(_l("Municipality"), validate_choice=False)
    resource_class = SelectField(_l("Resource class"), validate_choice=False)

    def fill_choices(self) -> None:
        self.kind.choices = select_choices(("", _l("Offers and needs")), *KIND_LABELS.items())
        self.status.choices = select_choices(("", _l("Every status")), *STATUS_LABELS.items())
        self.municipality.choices = select_choices(
            ("", _l("Whole county")), *reference.municipality_choices()
        )
        self.resource_class.choices = select_choices(
            ("", _l("All resource classes")), groups=reference.class_choices()
        )


class IntroductionExportForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), validate_choice=False)

    def fill_choices(self) -> None:
        self.status.choices = select_choices(("", _l("Every status")), *INTRODUCTION_STATUS_LABELS.items())


class ImportForm(FlaskForm):
    """The workshop spreadsheet; its type, size and content are checked in services.listing_import."""

    file = FileField(_l("Spreadsheet (.csv or .xlsx)"),
                     description=_l("At most 1,000 listings and 1 MB. Nothing is saved before you confirm."))


class ConfirmImportForm(FlaskForm):
    """Confirm a previewed import; `only_valid` is the broker's explicit choice when rows have problems."""

    only_valid = HiddenField()
