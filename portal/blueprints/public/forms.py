"""Query-string forms of the public pages (GET, so no CSRF token)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from portal.models import ARRANGEMENTS, SPECIALTIES
from portal.services.directory import SORTS
from portal.services.states import STATES
from portal.services.text import strip_controls

MAX_QUERY_LENGTH = 200
MAX_PAGE = 100_000


def _clean(value):
    return strip_controls(value) if isinstance(value, str) else value


def _upper(value):
    return value.strip().upper() if isinstance(value, str) else value


class PageField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Page must be a whole number, 1 or more.")) from None


class _Paged(Form):
    page = PageField(
        _l("Page"),
        default=1,
        validators=[Optional(), NumberRange(1, MAX_PAGE, _l("Page must be a whole number, 1 or more."))],
    )


class DirectoryForm(_Paged):
    q = StringField(
        _l("Search by group, program or city"),
        filters=[_clean],
        validators=[Length(max=MAX_QUERY_LENGTH, message=_l("Search text is limited to %(max)s characters.",
                                                             max=MAX_QUERY_LENGTH))],
    )
    state = SelectField(
        _l("State"),
        choices=[("", _l("All states"))] + [(code, name) for code, name in sorted(STATES.items(), key=lambda s: s[1])],
        default="",
        filters=[_upper],
        validate_choice=False,
    )
    arrangement = SelectField(_l("Arrangement"), choices=[("", _l("All arrangements"))] + list(ARRANGEMENTS.items()),
                              default="")
    specialty = SelectField(_l("Specialty"), choices=[("", _l("All specialties"))] + list(SPECIALTIES.items()),
                            default="")
    sort = SelectField(_l("Sort by"), choices=list(SORTS.items()), default="relevance")

    def validate_state(self, field):
        if field.data and field.data not in STATES:
            raise ValidationError(_l("Choose a US state from the list."))


class ProviderLookupForm(_Paged):
    """The one doctor search: a name, a medical group or city, or an NPI in one box. `npi`
    and `name` are the older, separate boxes, still understood in links people kept."""

    q = StringField(
        _l("Doctor's name, medical group or NPI"),
        filters=[_clean],
        validators=[Length(max=MAX_QUERY_LENGTH, message=_l("Search text is limited to %(max)s characters.",
                                                             max=MAX_QUERY_LENGTH))],
    )
    npi = StringField("NPI", filters=[_clean], validators=[Length(max=40, message=_l("An NPI has 10 digits."))])
    name = StringField(
        _l("Provider name"),
        filters=[_clean],
        validators=[Length(max=MAX_QUERY_LENGTH, message=_l("A name is limited to %(max)s characters.",
                                                             max=MAX_QUERY_LENGTH))],
    )

    @property
    def query(self) -> str:
        return self.q.data or self.npi.data or self.name.data or ""


class ProgramProvidersForm(_Paged):
    pass

