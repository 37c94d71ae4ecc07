"""caseflow: coordination of complex youth-care cases for a regional expert team (RET)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from caseflow import config as config_module
from caseflow.core import babel_cache
from caseflow.extensions import babel, bootstrap, csrf, db, login_manager, mail, migrate


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(config_module.INSTANCE_PATH),
        instance_relative_config=True,
        template_folder=str(config_module.TEMPLATE_FOLDER),
    )
    config_module.load_config(app, test_config)
    config_module.check_production_config(app.config)
    app.config.setdefault("CASEFLOW_VERSION", _package_version())
    register_extensions(app)
    register_security(app)
    register_blueprints(app)
    register_template_context(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def _package_version() -> str:
    try:
        return version("caseflow")
    except PackageNotFoundError:
        return "dev"


def register_extensions(app: Flask) -> None:
    config_module.INSTANCE_PATH.mkdir(exist_ok=True)
    import caseflow.audit.anchors  # noqa: F401 - a checkpoint with every N-th access-log row
    import caseflow.database  # noqa: F401 - installs the SQLite connection settings
    import caseflow.models  # noqa: F401 - every domain's models, for Alembic and relationships

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(config_module.MIGRATIONS_DIRECTORY), render_as_batch=True
    )
    csrf.init_app(app)
    mail.init_app(app)
    bootstrap.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    babel_cache.install(app, babel)

    from caseflow.auth.services import load_user_from_session

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in om deze pagina te bekijken.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user_from_session)


def select_locale() -> str:
    """The user's own choice, then this browser session's choice, then Dutch."""
    languages = app_languages()
    if not has_request_context():  # CLI commands speak Dutch
        return "nl"
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale") or request.args.get("lang")
    if chosen in languages:
        return chosen
    return "nl"


def app_languages() -> dict[str, str]:
    from flask import current_app

    return current_app.config["LANGUAGES"]


def register_security(app: Flask) -> None:
    from caseflow import observability
    from caseflow.core.form_ids import install_form_ids
    from caseflow.security import install_security

    install_security(app)
    install_form_ids()  # after the text guard: wraps its bind_field
    observability.install(app)


def register_blueprints(app: Flask) -> None:
    from caseflow.admin.audit_views import bp as audit_bp
    from caseflow.admin.views import bp as admin_bp
    from caseflow.auth.account_views import bp as account_bp
    from caseflow.auth.breakglass_views import bp as breakglass_bp
    from caseflow.auth.views import bp as auth_bp
    from caseflow.cases.views import bp as cases_bp
    from caseflow.exchange.views import bp as exchange_bp
    from caseflow.home.views import bp as core_bp
    from caseflow.jobs.views import bp as jobs_bp
    from caseflow.meetings.views import bp as meetings_bp
    from caseflow.monitor.views import bp as monitor_bp
    from caseflow.outcome.views import bp as outcome_bp
    from caseflow.region.views import bp as region_bp
    from caseflow.retention.views import bp as retention_bp
    from caseflow.retrospectives.views import bp as retrospectives_bp  # isort: skip
    from caseflow.retrospectives.family_views import family_bp
    from caseflow.risk.views import bp as risk_bp
    from caseflow.search.views import bp as search_bp
    from caseflow.risk import backtest_views  # noqa: F401  (its routes join risk_bp)  # isort: skip
    from caseflow.timeline.views import bp as timeline_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(breakglass_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(retrospectives_bp)
    app.register_blueprint(family_bp)
    app.register_blueprint(monitor_bp)
    app.register_blueprint(outcome_bp)
    app.register_blueprint(timeline_bp)
    app.register_blueprint(risk_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(retention_bp)
    app.register_blueprint(exchange_bp)
    app.register_blueprint(region_bp)
    app.register_blueprint(jobs_bp)
    register_hooks()


def register_hooks() -> None:
    """Each domain's hooks: its start-page and case-page panels, template labels, guard facts."""
    from caseflow.auth import breakglass_review
    from caseflow.cases import hooks as case_hooks
    from caseflow.exchange import hooks as exchange_hooks
    from caseflow.meetings import hooks as meeting_hooks
    from caseflow.monitor import hooks as monitor_hooks
    from caseflow.outcome import hooks as outcome_hooks
    from caseflow.region import hooks as region_hooks
    from caseflow.retrospectives import hooks as retrospective_hooks
    from caseflow.risk import hooks as risk_hooks
    from caseflow.search import hooks as search_hooks
    from caseflow.timeline import hooks as timeline_hooks

    breakglass_review.register()
    case_hooks.register()
    meeting_hooks.register()
    monitor_hooks.register()
    outcome_hooks.register()
    timeline_hooks.register()
    risk_hooks.register()
    search_hooks.register()
    exchange_hooks.register()
    retrospective_hooks.register()
    region_hooks.register()


def register_template_context(app: Flask) -> None:
    from caseflow.admin.access_history import who_saw_case
    from caseflow.auth.forms import LogoutForm
    from caseflow.core import formatting
    from caseflow.core.page_errors import page_has_errors
    from caseflow.home.navigation import navigation_for_current_user, navigation_menu
    app.add_template_global(who_saw_case)
    app.add_template_global(page_has_errors)
    for name in ("when", "day", "number"):  # also in partials imported without context
        app.add_template_global(getattr(formatting, name), name)
    app.add_template_global(navigation_menu)

    @app.context_processor
    def shell_context() -> dict[str, Any]:
        return {
            "navigation": navigation_for_current_user(),
            "logout_form": LogoutForm() if current_user.is_authenticated else None,
            "languages": app.config["LANGUAGES"],
            "region_name": _shown_region_name(),
            "get_locale": get_locale,
            **template_helpers(),
        }


def _shown_region_name() -> str:
    """The region's name for the page header; an error page renders even when the database
    cannot be read (down, or not yet upgraded): then the configured name."""
    from sqlalchemy.exc import SQLAlchemyError

    from caseflow.core.settings import region_name
    from caseflow.extensions import db

    try:
        return region_name()
    except SQLAlchemyError:
        db.session.rollback()
        return current_app.config["REGION_NAME"]


def template_helpers() -> dict[str, Any]:
    from caseflow.core import formatting

    return formatting.helpers()


def register_error_handlers(app: Flask) -> None:
    from caseflow.core.errors import register_error_handlers as register

    register(app)


def register_commands(app: Flask) -> None:
    from caseflow.audit.cli import audit_cli
    from caseflow.cli import register_cli
    from caseflow.home.health import register_gauges
    from caseflow.jobs.cli import jobs_cli
    from caseflow.jobs.services import gauges as job_gauges
    from caseflow.privacy.cli import privacy_cli
    from caseflow.retention.cli import retention_cli
    from caseflow.risk.cli import risk_cli

    register_cli(app)
    app.cli.add_command(audit_cli)
    app.cli.add_command(risk_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(jobs_cli)
    register_gauges(job_gauges)
