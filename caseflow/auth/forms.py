from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(_l("Vul uw e-mailadres in.")), Length(max=254)],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(_l("Vul uw wachtwoord in.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Inloggen"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Uitloggen"))
