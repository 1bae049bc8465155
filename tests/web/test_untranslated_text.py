"""Nothing English is left on a Chinese page, map, report or CLI answer.

Every web page (accounts, account, a person's card and its delete question, the
portfolio, import with errors, users, sign-in, the error page, the account page with
a form error), the HTML map as Chromium draws it and its hover cards, the account
report, and `analyze`, `whatif`, `portfolio` and `path` with `--lang zh` (and two
CLI errors), all on the demo account. From each we take the text a reader sees (text outside script and
style, and the title, placeholder, aria-label, alt and button labels), remove the
user's own data (every value of the demo's files and of the users and the account
this test creates), and fail on

- a code: a snake_case token that is a vocabulary value or a catalogue key
  (`order_frequency_drop`, `single_threaded`, `decision_maker`), or
- an English template word: an ASCII word of the catalogue's English texts that no
  Chinese text of the catalogue uses (so "JSON", "YYYY" or "stakegraph" may stay).
"""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services.exporting import account_report
from api.services.importing import DEMO_ACCOUNT, load_demo
from graph import i18n
from graph.analysis.account import analyze_account
from graph.analysis.params import AnalysisParams
from graph.model import Account
from graph.store.sqlite import SQLiteStore
from graph.users import User, UserRole, new_token, token_hash
from graph.vocabulary import LABELS
from tests.cli.test_cli import run
from visualize.exports import ExportFormat, ReportFormat, export_account
from visualize.scene import account_scene

DEMO = Path(__file__).resolve().parents[2] / "importers" / "demo"
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
COMMAND = re.compile(r"stakegraph(?: [a-z]+)+")
"""A command a Chinese text quotes (`stakegraph user add`): typed as it is, not translated."""
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
USERS = {"admin": "Admin", "rep-liu": "刘洋"}
HTML = {"Accept": "text/html"}
BAD_FILE = "id,name,stance\nnew-person,,frend\n"


def _catalogue_words() -> tuple[set[str], set[str]]:
    """(English template words, ASCII words the Chinese texts use themselves)."""
    english: set[str] = set()
    in_chinese: set[str] = set()
    for entry in i18n.entries().values():
        english_text = COMMAND.sub(" ", re.sub(r"\{[^{}]*\}", " ", entry.en))
        english |= {w.lower() for w in WORD.findall(english_text)}
        chinese = COMMAND.sub(" ", re.sub(r"\{[^{}]*\}", " ", entry.zh))
        in_chinese |= {w.lower() for w in WORD.findall(chinese)}
    return english - in_chinese, in_chinese


ENGLISH, ALLOWED_ASCII = _catalogue_words()
CODES = {m.value for members in LABELS for m in members if "_" in m.value} | {
    key.rsplit(".", 1)[1] for key in i18n.entries() if "_" in key.rsplit(".", 1)[1]
}


def user_data() -> list[str]:
    """Every value the demo's files hold, the demo account's fields, this test's users
    and bad file: text the reader wrote, which stays as written. Longest first, so a
    name is removed before a word inside it."""
    values: set[str] = set()
    for path in DEMO.glob("*.csv"):
        with path.open(encoding="utf-8") as file:
            for row in csv.DictReader(file):
                values |= {v.strip() for v in row.values() if v and v.strip()}
    account = DEMO_ACCOUNT
    values |= {account.id, account.name, account.industry, account.region, *account.team}
    # The bad file's own column headers name its columns in errors, as the file wrote them.
    values |= {"demo", *USERS, *USERS.values(), "bad.csv", *BAD_FILE.split("\n")[0].split(",")}
    values |= {"frend", "new-person", "orphan", "无主客户", "赵钢", "no-such-account"}
    # Columns such as stance or severity hold vocabulary values: those are codes to translate.
    codes = {m.value for members in LABELS for m in members}
    return sorted(values - codes, key=len, reverse=True)


DATA = user_data()


class _Visible(HTMLParser):
    """The text of an HTML document a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        found = dict(attrs)
        self.parts += [found[a] or "" for a in SHOWN_ATTRIBUTES if a in found]
        if tag == "input" and found.get("type") in ("submit", "button", "reset"):
            self.parts.append(found.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(part for part in parser.parts if part.strip())


def untranslated(text: str) -> list[str]:
    """The codes and English template words in `text`, after removing user data."""
    for value in DATA:
        text = text.replace(value, " ")
    # A terminal table cuts a long name to its column ("Dispatch s…"): what is left of
    # a cut name is still the name, not a word to translate.
    text = re.sub(r"[^\s…]*…", " ", text)
    text = COMMAND.sub(" ", text)
    found = [f"code {code}" for code in CODE.findall(text) if code in CODES]
    text = CODE.sub(" ", text)
    found += [
        f"English {word!r}"
        for word in WORD.findall(text)
        if word.lower() in ENGLISH and word.lower() not in ALLOWED_ASCII
    ]
    return sorted(set(found))


def _failures(texts: dict[str, str]) -> list[str]:
    return [
        f"{where}: {', '.join(found)}"
        for where, text in texts.items()
        if (found := untranslated(text))
    ]


@pytest.fixture
def demo_store(sqlite_store: SQLiteStore) -> SQLiteStore:
    load_demo(sqlite_store)
    return sqlite_store


def _signed_in(client: TestClient, token: str) -> None:
    client.cookies.clear()
    client.cookies.set("stakegraph_lang", "zh")
    answer = client.post("/signin", data={"token": token}, follow_redirects=False)
    assert answer.status_code == 303


def web_pages(store: SQLiteStore) -> dict[str, str]:
    """Every page in Chinese, as the browser receives it."""
    tokens = {user: new_token() for user in USERS}
    store.add_user(User(id="admin", name="Admin", role=UserRole.admin), token_hash(tokens["admin"]))
    store.add_user(User(id="rep-liu", name="刘洋", role=UserRole.rep), token_hash(tokens["rep-liu"]))
    store.upsert_account(Account(id="orphan", name="无主客户"))  # the portfolio's "(no owner)"
    graph = store.account_graph("demo")
    person = graph.stakeholders[0].id
    link, rel, member = graph.influences[0], graph.relationships[0], graph.members[0]
    deal = graph.deals[0].id
    version = str(store.account_version("demo"))
    pages: dict[str, str] = {}
    with TestClient(create_app(store=store), raise_server_exceptions=False) as client:
        client.cookies.set("stakegraph_lang", "zh")
        pages["sign-in"] = client.get("/signin").text
        _signed_in(client, tokens["admin"])
        for name, url in {
            "accounts": "/",
            "account": "/accounts/demo",
            "person card": f"/accounts/demo/people/{person}",
            "person delete": f"/accounts/demo/people/{person}/delete",
            "portfolio": "/portfolio",
            "import": "/import",
            "users": "/admin/users",
            "error page": "/accounts/no-such-account",
            "history": "/accounts/demo/history",
            "team member card": f"/accounts/demo/members/{member.id}",
            "team member delete": f"/accounts/demo/members/{member.id}/delete",
            "influence card": f"/accounts/demo/influences/{link.source}/{link.target}",
            "relationship card": f"/accounts/demo/relationships/{rel.member}/{rel.stakeholder}",
            "pipeline": "/pipeline",
            "deal page": f"/accounts/demo/deals/{deal}",
            "map of one deal": f"/accounts/demo/map?deal={deal}",
        }.items():
            answer = client.get(url, headers=HTML)
            expected = 404 if name == "error page" else 200
            assert answer.status_code == expected, (name, answer.status_code)
            pages[name] = answer.text
        pages["import with an error"] = client.post(
            "/import",
            data={"account": "demo", "format": "auto"},
            headers=HTML,
            files={"file": ("bad.csv", BAD_FILE.encode(), "text/csv")},
        ).text
        pages["account, influence form error"] = client.post(
            "/accounts/demo/forms/influence",
            data={"version": version, "source": person, "target": person, "weight": "0.5"},
            headers=HTML,
        ).text
        pages["account, person form error"] = client.post(
            "/accounts/demo/forms/stakeholder",
            data={"version": version, "stance": "frend", "title": "x"},
            headers=HTML,
        ).text
    return {name: visible_text(html) for name, html in pages.items()}


def map_and_report(store: SQLiteStore, tmp_path: Path, page: Any) -> dict[str, str]:
    """The HTML map as Chromium draws it (text and hover cards) and the report."""
    graph = store.account_graph("demo")
    html = export_account(graph, ExportFormat.html, lang="zh").data.decode()
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    drawn: Any = page.evaluate(
        """() => [document.title, document.body.innerText,
            ...[...document.querySelectorAll('[title],[aria-label],[placeholder],[alt]')]
              .flatMap(e => ['title', 'aria-label', 'placeholder', 'alt']
              .map(a => e.getAttribute(a) || ''))].join('\\n')"""
    )
    params = AnalysisParams(lang="zh")
    scene = account_scene(graph, analyze_account(graph, params), params=params, lang="zh")
    cards = [n.card for n in scene.nodes] + [e.card for e in scene.edges if e.card]
    return {
        "map": str(drawn),
        "map hover cards": json.dumps(
            [[c.name, *c.lines, *c.gaps] for c in cards], ensure_ascii=False
        ),
        "report": visible_text(
            account_report(store, "demo", ReportFormat.html, lang="zh").data.decode()
        ),
    }


def cli_answers(store: SQLiteStore) -> dict[str, str]:
    graph = store.account_graph("demo")
    person = graph.stakeholders[0].name
    answers = {
        "analyze --deal": run(store, "analyze", "demo", "--deal", graph.deals[0].name, "--lang", "zh"),
        "pipeline": run(store, "pipeline", "--lang", "zh"),
        "analyze": run(store, "analyze", "demo", "--lang", "zh"),
        "whatif": run(store, "whatif", "demo", "--remove", "刘洋", "--lang", "zh"),
        "portfolio": run(store, "portfolio", "--lang", "zh"),
        "path": run(store, "path", "demo", "--to", person, "--lang", "zh"),
    }
    for name, answer in answers.items():
        assert answer.returncode == 0, (name, answer.stderr)
    wrong = run(store, "path", "demo", "--to", "赵钢", "--lang", "zh")  # 赵刚 is meant
    unknown = run(store, "analyze", "no-such-account", "--lang", "zh")
    assert wrong.returncode == unknown.returncode == 1
    return {f"cli {name}": answer.stdout for name, answer in answers.items()} | {
        "cli path, a wrong name": wrong.stderr,
        "cli analyze, an unknown account": unknown.stderr,
    }


def test_the_checker_finds_codes_and_english_words_but_not_user_data() -> None:
    assert untranslated("风险 high，信号 order_frequency_drop") == [
        "English 'high'",
        "code order_frequency_drop",
    ]
    assert untranslated("赵刚（总经理 General Manager）影响力 0.82，JSON 文件") == []
    assert untranslated("opens: 新增缺口") == ["English 'opens'"]
    assert untranslated("粘贴 stakegraph user add 输出的令牌") == []  # a command, typed as is
    assert untranslated("角色：user") == ["English 'user'"]


def test_nothing_chinese_readers_see_is_an_untranslated_code_or_english_word(
    demo_store: SQLiteStore, tmp_path: Path, offline_page: Any
) -> None:
    texts = (
        web_pages(demo_store)
        | map_and_report(demo_store, tmp_path, offline_page)
        | cli_answers(demo_store)
    )
    assert all(texts.values())
    failures = _failures(texts)
    assert not failures, "untranslated:\n" + "\n".join(failures)
