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
from markupsafe import Markup, escape

from api.settings import LANGUAGE_COOKIE_DAYS
from api.web.text import TEXT
from graph.analysis.params import AnalysisParams
from graph.errors import Conflict, InvalidInput
from graph.names import named_in
from graph.vocabulary import Language, display_label

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
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
    page = templates.TemplateResponse(
        request,
        name,
        {
            "t": TEXT[lang],
            "lang": lang,
            "label": lambda value: display_label(value, lang),
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
    return render(
        request, "error.html", {"status": status, "message": message, "user": None}, status=status
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
    """One line for a form's failed write: a Conflict (stale version) in the page's
    language, InvalidInput's problems joined, anything else as it says; people the
    message names by id named by `names` (graph.names.names_by_id) instead."""
    if isinstance(error, Conflict):
        return TEXT[language(request)]["conflict"]
    text = "; ".join(error.problems) if isinstance(error, InvalidInput) else str(error)
    return named_in(text, names or {})
