"""One form field for naming an organisation among all of them: a text input (its name or its
organisation number) with a short <datalist> of suggestions, instead of a select of every organisation
(a 1 MB page at 10,000 organisations). It works without JavaScript: what was typed is resolved to one
organisation by services.organisation_lookup, and a re-shown form suggests the names that contain it.
The `field` macro (templates/_macros.html) renders the datalist of a field that has `suggestions`."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField

from ..services import organisation_lookup


class OrganisationField(StringField):
    """What the user typed to name one organisation; `suggestions` are the labels offered for it."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault(
            "description",
            _l("Type the name or the organisation number (like 556677-8899) and choose from the "
               "suggestions."),
        )
        super().__init__(label, validators, **kwargs)
        self.suggestions: list[str] = []

    @property
    def list_id(self) -> str:
        return f"{self.id}-options"

    def fill_suggestions(self) -> None:
        """Suggest the organisations matching what was typed (the first ones by name when nothing was)."""
        self.suggestions = organisation_lookup.suggestions(self.data)

    def __call__(self, **kwargs):
        kwargs.setdefault("list", self.list_id)
        kwargs.setdefault("autocomplete", "off")
        kwargs.setdefault("maxlength", organisation_lookup.MAX_TYPED)
        return super().__call__(**kwargs)
