"""Forms of the region set-up and the gemeenten screen."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from caseflow.region.gemeenten import SHIPPED

OWN_LIST = "eigen"


def source_choices() -> list[tuple[str, str]]:
    return [*SHIPPED.items(), (OWN_LIST, str(_l("Een eigen lijst (CSV-bestand of geplakt)")))]


class SetupForm(FlaskForm):
    name = StringField(
        _l("Naam van de regio"),
        validators=[DataRequired(_l("Vul de naam van de regio in.")), Length(max=100)],
        description=_l("Zoals hij boven elke pagina en op elk verslag staat."),
    )
    code = StringField(
        _l("Regiocode"),
        validators=[DataRequired(_l("Vul een regiocode in."))],
        description=_l("2 tot 6 hoofdletters; elke casusreferentie begint ermee (GV-2026-0001)."),
    )
    source = RadioField(
        _l("Gemeenten"), choices=source_choices,
        validators=[InputRequired(_l("Kies de gemeenten van de regio."))],
    )
    gemeenten_file = FileField(
        _l("CSV-bestand met gemeenten"),
        description=_l("Eerste regel cbs_code;naam, daarna één gemeente per regel "
                       "(GM0402;Hilversum), zoals Excel het als CSV opslaat."),
    )
    gemeenten_text = TextAreaField(_l("Of plak de regels hier"), validators=[Optional()])
    organisations = TextAreaField(
        _l("Organisaties"),
        validators=[Optional()],
        description=_l("Eén per regel: naam; soort; eventueel AGB-code. Soorten: gemeente, gi, "
                       "zorgaanbieder, onderwijs, veilig_thuis, ret, overig."),
    )
    gemeente_organisations = BooleanField(
        _l("Maak voor elke gemeente ook de organisatie 'Gemeente …' aan"), default=True
    )
    submit = SubmitField(_l("Regio inrichten"))


class GemeenteForm(FlaskForm):
    cbs_code = StringField(
        _l("CBS-code"), validators=[DataRequired(_l("Vul de CBS-code in (GM0402)."))]
    )
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul de naam in."))])
    valid_from = DateField(_l("Bestaat sinds (leeg: al lang)"), validators=[Optional()])
    submit = SubmitField(_l("Gemeente toevoegen"))


class GemeenteImportForm(FlaskForm):
    file = FileField(_l("CSV-bestand (cbs_code;naam)"))
    submit_import = SubmitField(_l("Importeren"))


class RetireForm(FlaskForm):
    successor = SelectField(
        _l("Opvolger"), coerce=int, validate_choice=False,
        validators=[InputRequired(_l("Kies de gemeente die haar opvolgt."))],
    )
    until = DateField(
        _l("Laatste dag van de gemeente"),
        validators=[InputRequired(_l("Vul de laatste dag in."))],
        description=_l("Vanaf de dag erna tellen haar casussen in de monitor onder de opvolger."),
    )
    submit = SubmitField(_l("Opheffen (herindeling)"))


class MergeForm(FlaskForm):
    keep = SelectField(
        _l("Samenvoegen met (deze naam blijft)"), coerce=int, validate_choice=False,
        validators=[InputRequired(_l("Kies de organisatie die blijft."))],
    )
    confirm = BooleanField(
        _l("Ik begrijp dat accounts, verwijzingen, plaatsingen en acties naar de andere "
           "organisatie gaan en dat deze naam verdwijnt."),
        validators=[DataRequired(_l("Bevestig het samenvoegen."))],
    )
    submit_merge = SubmitField(_l("Samenvoegen"))


def merge_form_for(organisation) -> MergeForm | None:
    """The merge form of an organisation: the others of its kind to merge into (None if none)."""
    from sqlalchemy import func, select

    from caseflow.auth.models import Organisation
    from caseflow.extensions import db

    others = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.kind == organisation.kind, Organisation.id != organisation.id)
        .order_by(func.lower(Organisation.name))
    ).tuples().all()
    if not others:
        return None
    form = MergeForm(formdata=None)
    form.keep.choices = [(0, str(_l("Kies een organisatie")))] + list(others)
    return form
