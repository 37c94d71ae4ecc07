"""POST endpoints of the case page: moves, proposals, decisions, members and the analysis."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from caseflow.auth.models import Role, User
from caseflow.auth.permissions import CaseAction, case_access
from caseflow.cases import queries
from caseflow.cases.forms import (
    AnalysisForm,
    DecisionForm,
    EndMemberForm,
    MemberForm,
    MoveForm,
    ProposalDecisionForm,
)
from caseflow.cases.models import Case, CaseMember, PhaseProposal
from caseflow.cases.records import (
    AnalysisContent,
    add_member,
    analysis_versions,
    case_members,
    end_membership,
    latest_analysis,
    record_analysis,
    record_decision,
)
from caseflow.cases.services import (
    CaseError,
    ClosingChoiceNeeded,
    accept_proposal,
    reject_proposal,
    request_move,
)
from caseflow.cases.views import bp, render_case_page
from caseflow.cases.vocab import DecisionKind, MemberRole
from caseflow.cases.workflow import N_
from caseflow.extensions import db
from caseflow.textsafety import small_int


def _version(text: str | None, default: int | None) -> int | None:
    """The form's hidden version as a number; anything else ("²", 5000 digits) never matches."""
    number = small_int(text)
    return default if number is None else number


def _back(reference: str, anchor: str = "") -> ResponseReturnValue:
    url = url_for("cases.case_detail", reference=reference)
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refused(error: CaseError) -> None:
    db.session.rollback()
    for message in error.messages:
        flash(_(message, **error.params), "danger")


# Which field of the case page's move form a refusal is about (else: the form as a whole), and
# the start of that field's id in templates/cases/_moves.html (``reason-<trigger>``).
REFUSAL_FIELDS = {
    "Geef een reden op voor deze stap.": "reason",
    "Kies een reden van afsluiten.": "closing_reason",
}
FIELD_IDS = {
    "reason": "reason",
    "closing_reason": "closing",
    "pending_choice": "pending",
    "follow_up_weeks": "rhythm",
}
FIELD_LABELS = {
    "reason": N_("Toelichting"),
    "closing_reason": N_("Reden van afsluiten"),
    "pending_choice": N_("Wat gebeurt daarmee?"),
    "follow_up_weeks": N_("Ritme van blijven volgen (weken)"),
}


@dataclass
class MoveRefusal:
    """A refused move or proposal, shown in its own form on the case page: each message next to
    its field (``aria-invalid``, ``aria-describedby``) and in the error summary above the form."""

    trigger: str
    fields: dict[str, str] = field(default_factory=dict)  # field name → translated message
    general: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # what was typed, shown again
    errors: dict = field(default_factory=dict)  # error_summary reads form.errors: none here

    def field_id(self, name: str) -> str:
        return f"{FIELD_IDS[name]}-{self.trigger}"

    def attrs(self, name: str) -> Markup:
        """The field's ARIA attributes when the refusal is about it (else none)."""
        if name not in self.fields:
            return Markup("")
        return Markup(' aria-invalid="true" aria-describedby="{}-fout"').format(self.field_id(name))

    def css(self, name: str) -> str:
        return " is-invalid" if name in self.fields else ""

    def links(self) -> list[tuple[str, str]]:
        return [
            (self.field_id(name), str(_(FIELD_LABELS[name])) + ": " + message)
            for name, message in self.fields.items()
        ]


def _move_refusal(form: MoveForm, error: CaseError | None) -> MoveRefusal:
    refusal = MoveRefusal(
        trigger=form.trigger.data or "",
        values={
            "reason": form.reason.data or "",
            "closing_reason": form.closing_reason.data or "",
            "pending_choice": form.pending_choice.data or "",
            "follow_up_weeks": request.form.get("follow_up_weeks", ""),
        },
    )
    for name, errors in form.errors.items():
        for message in errors:
            if name in FIELD_IDS:
                refusal.fields.setdefault(name, str(message))
            else:
                refusal.general.append(str(message))
    for message in error.messages if error else ():
        text = _(message, **error.params)
        name = "pending_choice" if isinstance(error, ClosingChoiceNeeded) else None
        name = name or REFUSAL_FIELDS.get(message)
        if name and name not in refusal.fields:
            refusal.fields[name] = text
        else:
            refusal.general.append(text)
    return refusal


def _refused_move(case: Case, form: MoveForm, error: CaseError | None) -> ResponseReturnValue:
    """The case page again (400), the refusal in the form it came from; nothing was stored."""
    db.session.rollback()
    refusal = _move_refusal(form, error)
    return render_case_page(case, 400, move_refusal=refusal, form_failed=True)


@bp.route("/cases/<reference>/move", methods=["POST"])
@case_access(CaseAction.PROPOSE_MOVE)
def move(case: Case) -> ResponseReturnValue:
    """Deciders move the case; a professional's request becomes a proposal for the chair. A
    refusal shows next to its field on the case page (not only as a flash)."""
    reference = case.reference
    form = MoveForm()
    if not form.validate_on_submit():
        return _refused_move(case, form, None)
    try:
        result = request_move(
            case,
            form.trigger.data,
            current_user,
            reason=form.reason.data or "",
            closing_reason=form.closing_reason.data or None,
            expected_version=_version(form.version.data, -1),
            follow_up_weeks=form.follow_up_weeks.data,
            pending_choice=form.pending_choice.data or None,
        )
    except CaseError as error:
        return _refused_move(case, form, error)
    db.session.commit()
    if result.moved:
        flash(_("De casus is verplaatst."), "success")
    else:
        flash(_("Uw voorstel is vastgelegd; de voorzitter besluit erover."), "success")
    return _back(reference, "fase")


@bp.route(
    "/cases/<reference>/proposals/<int:proposal_id>/<any(accept, reject):verdict>", methods=["POST"]
)
@case_access(CaseAction.MOVE_PHASE)
def decide_proposal(case: Case, proposal_id: int, verdict: str) -> ResponseReturnValue:
    reference = case.reference
    proposal = db.session.get(PhaseProposal, proposal_id)
    if proposal is None or proposal.case_id != case.id:
        return _back(reference)
    form = ProposalDecisionForm()
    if not form.validate_on_submit():
        flash(_("Het formulier is verlopen; probeer het opnieuw."), "danger")
        return _back(reference, "fase")
    try:
        if verdict == "accept":
            version = form.version.data or ""
            accept_proposal(
                proposal,
                case,
                current_user,
                expected_version=_version(version, None),
            )
            flash(_("Voorstel aanvaard; de casus is verplaatst."), "success")
        else:
            reject_proposal(proposal, current_user, note=form.note.data or "")
            flash(_("Voorstel afgewezen."), "info")
    except CaseError as error:
        _refused(error)
        return _back(reference, "fase")
    db.session.commit()
    return _back(reference, "fase")


@bp.route("/cases/<reference>/decisions", methods=["GET", "POST"])
@case_access(CaseAction.MANAGE)
def new_decision(case: Case) -> ResponseReturnValue:
    reference = case.reference
    form = DecisionForm()
    if current_user.role != Role.VOORZITTER.value:  # only the chair decides outside a meeting
        form.kind.choices = [
            choice
            for choice in form.kind.choices
            if choice[0] != DecisionKind.BESLUIT_BUITEN_VERGADERING.value
        ]
    if form.validate_on_submit():
        try:
            record_decision(case, DecisionKind(form.kind.data), form.text.data, current_user)
        except CaseError as error:
            _refused(error)
        else:
            db.session.commit()
            flash(_("Besluit vastgelegd."), "success")
            return _back(reference, "besluiten")
    status = 400 if request.method == "POST" else 200
    return render_template("cases/decision.html", case=case, form=form), status


@bp.route("/cases/<reference>/members", methods=["GET", "POST"])
@case_access(CaseAction.MANAGE)
def members(case: Case) -> ResponseReturnValue:
    reference = case.reference
    form = MemberForm()
    form.user.choices = [(0, _("Kies een professional"))] + [
        (u.id, f"{u.name} — {u.organisation.name}") for u in queries.professionals()
    ]
    if form.validate_on_submit():
        user = db.session.get(User, form.user.data)
        try:
            if user is None or not user.active:
                raise CaseError(N_("Kies een professional uit de lijst."))
            add_member(case, user, MemberRole(form.role.data), current_user, since=form.since.data)
        except CaseError as error:
            db.session.rollback()
            form.user.errors.append(_(error.messages[0]))
        else:
            db.session.commit()
            flash(_("%(name)s is toegevoegd aan de casus.", name=user.name), "success")
            return _back(reference, "betrokkenen")
    status = 400 if request.method == "POST" else 200
    return render_template(
        "cases/members.html",
        case=case,
        form=form,
        end_form=EndMemberForm(),
        members=case_members(case),
    ), status


@bp.route("/cases/<reference>/members/<int:member_id>/end", methods=["POST"])
@case_access(CaseAction.MANAGE)
def end_member(case: Case, member_id: int) -> ResponseReturnValue:
    reference = case.reference
    member = db.session.get(CaseMember, member_id)
    if member is None or member.case_id != case.id or not EndMemberForm().validate_on_submit():
        flash(_("Deze betrokkenheid kon niet worden beëindigd."), "danger")
        return _back(reference, "betrokkenen")
    try:
        end_membership(member, current_user)
    except CaseError as error:
        _refused(error)
    else:
        db.session.commit()
        flash(_("Betrokkenheid beëindigd."), "success")
    return redirect(url_for("cases.members", reference=reference))


@bp.route("/cases/<reference>/analysis", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def analysis(case: Case) -> ResponseReturnValue:
    reference = case.reference
    current = latest_analysis(case)
    form = AnalysisForm(obj=current if request.method == "GET" else None)
    if form.validate_on_submit():
        content = AnalysisContent(
            **{
                name: getattr(form, name).data or ("" if name not in BOOLEANS else False)
                for name in AnalysisContent.__dataclass_fields__
            }
        )
        try:
            saved = record_analysis(case, content, current_user)
        except CaseError as error:
            _refused(error)
        else:
            db.session.commit()
            flash(
                _("Versie %(n)d van de analyse is opgeslagen.", n=saved.version_number), "success"
            )
            return _back(reference, "analyse")
    status = 400 if request.method == "POST" else 200
    return render_template(
        "cases/analysis.html",
        case=case,
        form=form,
        versions=analysis_versions(case),
    ), status


BOOLEANS = {"made_with_family", "behavioural_scientist_involved"}
