from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField


class ExportForm(FlaskForm):
    """The download button: a POST with a CSRF token, so no other site can trigger a download."""


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), description=_l("To confirm that it is you."))
