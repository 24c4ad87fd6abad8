from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField


class RequestForm(FlaskForm):
    """Every rule is checked once, in services.introductions."""

    note = TextAreaField(
        _l("A short note (optional)"),
        description=_l("Say what you are looking for, so the other side can answer."),
    )


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Your message"))
    token = HiddenField()
