"""How a page is answered: the page's language, its template with the words of
api/web/text.py, and the security headers every page carries.

Language: `?lang=zh|en` (remembered in a cookie), else the browser's
Accept-Language, else English.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from api.settings import LANGUAGE_COOKIE_DAYS
from api.web.text import TEXT
from graph import i18n
from graph.analysis import wording
from graph.analysis.params import AnalysisParams
from graph.analysis.portfolio import NO_OWNER
from graph.errors import Conflict, InvalidInput
from graph.i18n import LANGUAGES
from graph.names import named_in
from graph.vocabulary import Language, display_label
from visualize.html import install_translations

HERE = Path(__file__).parent

def _templates(lang: Language) -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True)
    )
    install_translations(env, lang)
    return Jinja2Templates(env=env)


templates: dict[Language, Jinja2Templates] = {lang: _templates(lang) for lang in LANGUAGES}
"""The pages' templates per language: the Jinja i18n extension reads the catalogue in it."""
LANG_COOKIE = "stakegraph_lang"


def static_files() -> StaticFiles:
    return StaticFiles(directory=HERE / "static")


def language(request: Request) -> Language:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in ("en", "zh"):
        return asked  # type: ignore[return-value]
    accept = request.headers.get("accept-language", "").lower()
    first = accept.split(",")[0].strip()
    return "zh" if first.startswith("zh") else "en"


def page_params(request: Request) -> AnalysisParams:
    """The analysis parameters of a page: the defaults, explained in the page's language."""
    return AnalysisParams(lang=language(request))


def render(
    request: Request, name: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    lang = language(request)
    page = templates[lang].TemplateResponse(
        request,
        name,
        {
            "t": TEXT[lang],
            "lang": lang,
            "label": lambda value: display_label(value, lang),
            "code": lambda kind, value: wording.code_label(lang, kind, value),
            "no_owner": NO_OWNER,
            "comma": wording.separator(lang, "list"),
            "problem": lambda message: i18n.translate(lang, str(message)),
            "percent": lambda value: "—" if value is None else f"{round(value * 100)}%",
            "named": named,
            **context,
        },
        status_code=status,
    )
    if request.query_params.get("lang") in ("en", "zh"):
        page.set_cookie(
            LANG_COOKIE,
            lang,
            samesite="strict",
            httponly=True,
            max_age=LANGUAGE_COOKIE_DAYS * 86400,
        )
    page.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    )
    page.headers["X-Content-Type-Options"] = "nosniff"
    page.headers["Referrer-Policy"] = "same-origin"
    return page


def named(text: str, **names: object) -> Markup:
    """`text.format(**names)` for a page: every name isolated in `<bdi>` (a name written
    right to left, or holding bidi characters, cannot reorder the words around it),
    text and names escaped."""
    return escape(text).format(
        **{key: Markup("<bdi>%s</bdi>") % (value,) for key, value in names.items()}
    )


def error_page(request: Request, status: int, message: str) -> Response:
    if status == 401:
        return RedirectResponse("/signin", status_code=303)
    shown = i18n.translate(language(request), message)
    return render(
        request, "error.html", {"status": status, "message": shown, "user": None}, status=status
    )


def form_version(text: str | None) -> int | None:
    """The account version a form was rendered at (its hidden `version` field), or None
    when it sent none; InvalidInput for anything but a whole number of ASCII digits."""
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise InvalidInput([f"version: expected the page's account version, got {text[:20]!r}"])
    return int(text)


def form_error_text(
    request: Request, error: Exception, names: Mapping[str, str] | None = None
) -> str:
    """One line for a form's failed write, in the page's language: a Conflict (stale
    version) says so; InvalidInput's problems are joined, each read back through the
    catalogue (graph/i18n.translate); people and team members a message names by id
    are named by `names` (graph.names.names_by_id) instead."""
    lang = language(request)
    if isinstance(error, Conflict):
        return TEXT[lang]["conflict"]
    known = dict(names or {})
    problems = error.problems if isinstance(error, InvalidInput) else [str(error)]
    return wording.separator(lang, "clauses").join(
        named_in(i18n.translate(lang, problem, names=known), known) for problem in problems
    )
