from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(_l("Vul uw e-mailadres in.")), Length(max=254)],
        render_kw={"autocomplete": "email", "autofocus": True},  # "username" is for type=text
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(_l("Vul uw wachtwoord in.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Inloggen"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Uitloggen"))


class TwoFactorForm(FlaskForm):
    code = StringField(
        _l("Code uit uw authenticator-app"),
        validators=[
            DataRequired(_l("Vul de code van zes cijfers in.")),
            Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("De code bestaat uit zes cijfers.")),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True},
    )
    submit = SubmitField(_l("Bevestigen"))


class NewPasswordMixin:
    new_password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[DataRequired(_l("Vul een nieuw wachtwoord in.")), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
        description=_l("Minstens 12 tekens; geen veelgebruikt wachtwoord, niet uw naam."),
    )
    repeat_password = PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[
            DataRequired(_l("Herhaal het nieuwe wachtwoord.")),
            EqualTo("new_password", message=_l("De twee wachtwoorden zijn niet gelijk.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordChangeForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[DataRequired(_l("Vul uw huidige wachtwoord in.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Wachtwoord wijzigen"))


class PasswordResetForm(NewPasswordMixin, FlaskForm):
    submit = SubmitField(_l("Wachtwoord instellen"))


class DisableTwoFactorForm(FlaskForm):
    submit = SubmitField(_l("Tweestapsverificatie uitzetten"))


class BreakGlassForm(FlaskForm):
    reference = StringField(
        _l("Casusnummer"),
        validators=[
            DataRequired(_l("Vul het casusnummer in.")),
            Length(max=20, message=_l("Een casusnummer is hoogstens 20 tekens lang.")),
            Regexp(
                r"^\s*[A-Za-z0-9-]+\s*$",
                message=_l(
                    "Een casusnummer bestaat uit letters, cijfers en streepjes, zoals GV-2026-0007."
                ),
            ),
        ],
    )
    reason = TextAreaField(
        _l("Reden voor noodtoegang"),
        validators=[
            DataRequired(_l("Geef een reden op.")),
            Length(
                min=20, max=1000, message=_l("Geef een reden van 20 tot 1000 tekens.")
            ),
        ],
        description=_l(
            "De reden wordt vastgelegd en de volgende dag door de voorzitter beoordeeld."
        ),
    )
    submit = SubmitField(_l("Noodtoegang openen"))


class BreakGlassReviewForm(FlaskForm):
    note = TextAreaField(
        _l("Notitie (niet verplicht)"),
        validators=[
            Length(max=1000, message=_l("De notitie mag hoogstens 1000 tekens lang zijn."))
        ],
    )
    submit = SubmitField(_l("Beoordeeld"))
