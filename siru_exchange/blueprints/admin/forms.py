from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from ...services import audit
from ..formtools import select_choices

COMMAND_LINE = "0"  # the actor filter's value for rows made by the command line and scheduled jobs


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = SelectField(_l("Who"), validate_choice=False)
    action = SelectField(_l("Action"), validate_choice=False)
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])

    def fill_choices(self) -> None:
        self.actor.choices = select_choices(
            ("", _l("Anyone")), (COMMAND_LINE, _l("Command line and scheduled jobs")),
            *((str(i), email) for i, email in audit.actors()),
        )
        self.action.choices = select_choices(
            ("", _l("Every action")), *((a, audit.ACTION_LABELS.get(a, a)) for a in audit.actions())
        )

    def filters(self) -> audit.AuditFilters:
        """The filters as typed; a value that is not one of the choices (or a date that is not one)
        is ignored, never an error page."""
        actor = self.actor.data or ""
        action = self.action.data or ""
        valid = self.validate()  # only the dates can fail
        return audit.AuditFilters(
            actor=int(actor) if actor.isdigit() and len(actor) < 10 else None,
            action=action if action in audit.actions() else None,
            date_from=self.date_from.data if valid or not self.date_from.errors else None,
            date_to=self.date_to.data if valid or not self.date_to.errors else None,
        )
