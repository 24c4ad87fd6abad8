from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class PreferencesForm(FlaskForm):
    introduction_site = BooleanField(_l("In the site"))
    introduction_email = BooleanField(_l("By email"))
    answer_site = BooleanField(_l("In the site"))
    answer_email = BooleanField(_l("By email"))
    message_site = BooleanField(_l("In the site"))
    message_email = BooleanField(_l("By email"))
    digest_email = BooleanField(_l("By email"))

    def choices(self) -> dict[str, bool]:
        return {name: bool(field.data) for name, field in self._fields.items() if name != "csrf_token"}
