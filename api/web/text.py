"""Every word the pages show, in English and Chinese: the translation catalogue's
`page.<key>` texts (graph/locale/zh/LC_MESSAGES/stakegraph.po, read by graph/i18n.py).

`TEXT[lang][key]` reads the catalogue. An entry a branch made before the catalogue
writes here (`TEXT["en"].update({...})`) is read only when the catalogue lacks the key;
`python -m scripts.catalogue` moves it into the .po.
"""

from __future__ import annotations

from graph import i18n
from graph.i18n import Language, Words

TEXT: dict[Language, Words] = i18n.table("page")

