"""The family's own page (issue 18), reached through a personal link (made in consent_views.py).
It is public, answers only to a valid token and shows nothing of the case but the reader's own
consent. It never logs anyone in: it reads nothing from, and writes nothing to, the login."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from caseflow.auth.permissions import Rule, access
from caseflow.extensions import db
from caseflow.retrospectives import family_link, forms
from caseflow.retrospectives.consent import RetroError

family_bp = Blueprint("family", __name__, url_prefix="/gezin")


@family_bp.route("/<family_token>", methods=["GET", "POST"])
@access(Rule.PUBLIC)
def page(family_token: str) -> ResponseReturnValue:
    link = family_link.open_link(family_token)
    if link is None:
        return _invalid()
    form = forms.FamilyForm()
    status = 200
    if form.validate_on_submit():
        answer = family_link.FamilyAnswer(
            form.consent.data, form.reflection.data or "", form.learning_question.data or ""
        )
        try:
            used = family_link.use_link(family_token, answer)
        except RetroError as error:
            db.session.rollback()  # nothing of it stays; the link is not used up
            link = family_link.open_link(family_token)
            if link is None:
                return _invalid()
            form.consent.errors = [str(error.message)]
            status = 400
        else:
            if used is None:  # used or expired a moment ago, by a concurrent request
                db.session.rollback()
                family_link.log_refusal(None, "family_link_used")
                return _invalid()
            db.session.commit()
            return render_template("retrospectives/family_done.html", answer=answer,
                                   young=used.party == "jongere")
    elif form.is_submitted():
        status = 400
    db.session.commit()  # the logged opening (a GET commits it itself; a POST here)
    return render_template(
        "retrospectives/family_page.html", form=form, link=link,
        own=family_link.party_status(link), young=link.party == "jongere",
    ), status


def _invalid() -> ResponseReturnValue:
    db.session.commit()  # keep the logged refusal
    return render_template("retrospectives/family_invalid.html"), 404
