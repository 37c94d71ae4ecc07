from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange

from caseflow.auth.models import OrganisationKind, Role


def role_choices() -> list[tuple[str, str]]:
    # A blank first choice: a missed choice is an error, never silently the first role (Beheerder).
    return [("", str(_l("Kies een rol")))] + [(role.value, role.label) for role in Role]


def kind_choices() -> list[tuple[str, str]]:
    # Required selects start with an empty choice (valid HTML; a missed choice is an error).
    return [("", str(_l("— kies —")))] + [(kind.value, kind.label) for kind in OrganisationKind]


def _name_field() -> StringField:
    """An account's or an organisation's name: the services store at most 200 characters."""
    return StringField(
        _l("Naam"),
        validators=[
            DataRequired(_l("Vul een naam in.")),
            Length(max=200, message=_l("Een naam is hoogstens 200 tekens.")),
        ],
    )


class UserForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul een e-mailadres in.")),
            Length(max=254, message=_l("Een e-mailadres is hoogstens 254 tekens.")),
            Email(_l("Dit is geen geldig e-mailadres."), check_deliverability=False),
        ],
    )
    name = _name_field()
    role = SelectField(
        _l("Rol"),
        choices=role_choices,
        validators=[DataRequired(_l("Kies een rol."))],
        validate_choice=True,
    )
    organisation = SelectField(
        _l("Organisatie"),
        coerce=int,
        validators=[
            InputRequired(_l("Kies een organisatie.")),
            NumberRange(min=1, message=_l("Kies een organisatie.")),
        ],
        validate_choice=True,
    )
    submit = SubmitField(_l("Opslaan"))


class UserEditForm(UserForm):
    active = BooleanField(_l("Actief"))


class OrganisationForm(FlaskForm):
    name = _name_field()
    kind = SelectField(
        _l("Soort"),
        choices=kind_choices,
        validators=[InputRequired(_l("Kies een soort."))],
        validate_choice=True,
    )
    agb_code = StringField(
        _l("AGB-code (zorgaanbieder, optioneel)"),
        validators=[Length(max=20, message=_l("Een AGB-code is 8 cijfers."))],
        description=_l("8 cijfers, uit het AGB-register van Vektis."),
    )
    submit = SubmitField(_l("Opslaan"))


class ConfirmForm(FlaskForm):
    """A button that posts (with CSRF) and nothing else."""

    submit = SubmitField(_l("Bevestigen"))
