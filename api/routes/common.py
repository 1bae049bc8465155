"""Parameters and answers the JSON routes share: the account in the path, the
language, `If-Match` and `ETag` (optimistic concurrency), downloads.

Concurrency: every account has a version, bumped by every write to it. Reads of
an account or anything in it answer `ETag: "VERSION"`; a write may send
`If-Match: "VERSION"` and is refused with 409 when the account has moved on
(checked inside the write's transaction, so two writers cannot both pass).
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Header, Path, Query, Response

from graph.errors import InvalidInput
from graph.vocabulary import Language
from visualize.exports import Export

AccountPath = Annotated[str, Path(description="Account id", min_length=1, max_length=200)]
LangQuery = Annotated[Language, Query(description="Language of the explanations: en or zh")]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='The account version this change is based on, as its ETag gave it ("3")',
    ),
]
Offset = Annotated[int, Query(ge=0)]
Limit = Annotated[int, Query(ge=1, le=1000)]

_VERSION = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')


def expected_version(if_match: str | None) -> int | None:
    """The version an `If-Match` header names; None without one (or with `*`)."""
    if if_match is None or if_match.strip() == "*":
        return None
    match = _VERSION.match(if_match)
    if match is None:
        raise InvalidInput([f'If-Match: expected an account version such as "3", got {if_match!r}'])
    return int(match.group(1))


def etag(response: Response, version: int | None) -> None:
    if version is not None:
        response.headers["ETag"] = f'"{version}"'


def json_document(document: bytes, version: int) -> Response:
    """An analysis already serialised from its validated model, sent as it is (not
    validated again), with the account version it describes as its ETag."""
    answer = Response(document, media_type="application/json")
    etag(answer, version)
    return answer


def download(exported: Export) -> Response:
    """A file to save, as its export named it."""
    return Response(
        exported.data,
        media_type=exported.media_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
    )
