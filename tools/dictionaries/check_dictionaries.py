#!/usr/bin/env python3
"""Check casus dictionary files (format: resources/dictionaries/FORMAT.md, version 1).

Reports every problem as ``path:line: code: message`` on standard output and exits 1
if there is any problem (0 otherwise, 2 on bad usage). Python 3.11, standard library
only.

    python3 tools/dictionaries/check_dictionaries.py                 # resources/dictionaries/
    python3 tools/dictionaries/check_dictionaries.py resources/dictionaries/countries.txt
    python3 tools/dictionaries/check_dictionaries.py --lint-only FILE  # only what `casus dict lint` checks

Two groups of checks:

* D000-D010 mirror ``casus dict lint`` (crates/casus-coder/src/dict.rs) line for line,
  with the same codes and messages, so the two tools agree on every file:

  D000 bad header / unreadable file     D006 bad actor code
  D001 unknown attribute                D007 attribute before any entry
  D002 bad date (people roles)          D008 unknown keyword at column 0
  D003 duplicate entry                  D009 empty value
  D004 missing name/noun/role           D010 overlapping roles with different codes
  D005 bad example syntax

* D101-D109 are stricter checks that only this script makes (numbered apart so that
  new codes in the Rust linter cannot collide with them); ``--lint-only`` turns them off:

  D101 the same value twice in one attribute of one entry
  D102 the same surface form (name, alias, noun, adjective, demonym, capital, seat,
       seat-mil) in two entries: ambiguous for the matcher
  D103 bad iso2 (not two capital letters) or an iso2 used by two entries
  D104 an attribute line indented by something other than exactly two spaces
  D105 an example code that does not fit its entry (countries and organisations: must
       start with the entry's code; agents: must end with it; people: must be one of
       the entry's role or default codes)
  D106 a value with a stray separator (";" not followed by a space, or a value that
       starts or ends with a separator or comma)
  D107 the header kind does not match the file name (countries.txt must be
       `#! casus-dict countries v1`)
  D108 an attribute given more than once where one value is expected (short, iso2,
       default)
  D109 an example sentence that contains none of the entry's names (countries,
       organisations, people) or nouns (agents): the example cannot test the entry
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

KINDS = {
    "countries": "country",
    "people": "person",
    "organisations": "org",
    "agents": "agent",
}

ATTRIBUTES = {
    "countries": [
        "name",
        "short",
        "adjective",
        "demonym",
        "capital",
        "seat",
        "seat-mil",
        "iso2",
        "note",
        "example",
    ],
    "people": ["alias", "role", "default", "note", "example"],
    "organisations": ["name", "member-of", "note", "example"],
    "agents": ["noun", "adjective", "note", "example"],
}

# Attributes whose values are matched in text (for D102 and D109).
SURFACE = {
    "countries": ["name", "short", "adjective", "demonym", "capital", "seat", "seat-mil"],
    "people": ["alias"],
    "organisations": ["name"],
    "agents": ["noun", "adjective"],
}

SINGLE = {"short", "iso2", "default"}

# Rust's char::is_whitespace (Unicode White_Space) and u8::is_ascii_whitespace.
UNICODE_WS = set(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
ASCII_WS = set("\t\n\x0c\r ")


def rtrim(s: str) -> str:
    end = len(s)
    while end and s[end - 1] in UNICODE_WS:
        end -= 1
    return s[:end]


def trim(s: str) -> str:
    start = 0
    while start < len(s) and s[start] in UNICODE_WS:
        start += 1
    return rtrim(s[start:])


def split_ws(s: str) -> list[str]:
    parts, cur = [], []
    for ch in s:
        if ch in UNICODE_WS:
            if cur:
                parts.append("".join(cur))
                cur = []
        else:
            cur.append(ch)
    if cur:
        parts.append("".join(cur))
    return parts


def rust_debug_str(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def is_actor_code(code: str) -> bool:
    """3-letter groups of capitals (RUS, RUSMIL, IMGMUSISI), at most 15 letters."""
    return (
        code != ""
        and len(code.encode()) % 3 == 0
        and len(code.encode()) <= 15
        and all("A" <= c <= "Z" for c in code)
    )


def strip_comment(line: str) -> str:
    """A comment starts at `#` at the start of the line or after ASCII whitespace."""
    for i, ch in enumerate(line):
        if ch == "#" and (i == 0 or line[i - 1] in ASCII_WS):
            return rtrim(line[:i])
    return rtrim(line)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


class DateError(Exception):
    pass


def parse_date(s: str) -> tuple[int, int, int]:
    """`YYYY-MM-DD` as casus_doc::Date parses it; raises DateError with its message."""
    b = s.encode()
    syntax = DateError(f"date {rust_debug_str(s)} is not in YYYY-MM-DD form")
    if len(b) != 10 or b[4:5] != b"-" or b[7:8] != b"-":
        raise syntax
    nums = []
    for lo, hi in ((0, 4), (5, 7), (8, 10)):
        part = b[lo:hi]
        if not all(0x30 <= c <= 0x39 for c in part):
            raise syntax
        nums.append(int(part))
    y, m, d = nums
    if not (1 <= y <= 9999) or not (1 <= m <= 12) or d == 0 or d > days_in_month(y, m):
        raise DateError(f"{y:04}-{m:02}-{d:02} is not a calendar date")
    return (y, m, d)


@dataclass
class Role:
    code: str
    start: tuple[int, int, int]
    end: tuple[int, int, int] | None
    line: int


@dataclass
class Entry:
    head: str
    line: int
    attributes: list[tuple[str, list[str], int]] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    examples: list[tuple[str, str, int]] = field(default_factory=list)

    def values(self, attribute: str) -> list[str]:
        return [v for a, vs, _ in self.attributes if a == attribute for v in vs]


@dataclass
class Problem:
    path: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code}: {self.message}"


def lint(path: str, source: str) -> tuple[str | None, list[Entry], list[Problem]]:
    """The checks of `casus dict lint` (D000-D010), in the same order and wording."""
    problems: list[Problem] = []

    def err(line: int, code: str, message: str) -> None:
        problems.append(Problem(path, line, code, message))

    # str.lines(): split on \n, drop one trailing \r per line, no final empty line.
    lines = source.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [l[:-1] if l.endswith("\r") else l for l in lines]
    if not lines:
        err(1, "D000", "empty file")
        return None, [], problems
    first = rtrim(lines[0])
    kind = None
    prefix, suffix = "#! casus-dict ", " v1"
    if first.startswith(prefix) and first[len(prefix):].endswith(suffix):
        name = first[len(prefix): len(first) - len(suffix)]
        kind = name if name in KINDS else None
    if kind is None:
        err(
            1,
            "D000",
            "first line must be `#! casus-dict <countries|people|organisations|agents> v1`, "
            f"found `{first}`",
        )
        return None, [], problems
    head_kw = KINDS[kind]
    known = ATTRIBUTES[kind]
    entries: list[Entry] = []
    heads: dict[str, int] = {}
    for i, raw in enumerate(lines[1:], start=1):
        n = i + 1
        line = strip_comment(raw)
        if trim(line) == "":
            continue
        indented = line.startswith("  ")
        content = trim(line)
        split_at = next((j for j, ch in enumerate(content) if ch in UNICODE_WS), None)
        if split_at is None:
            keyword, value = content, ""
        else:
            keyword, value = content[:split_at], trim(content[split_at + 1:])
        if not indented:
            if keyword != head_kw:
                err(n, "D008", f"expected `{head_kw} ...` to start an entry, found `{keyword}`")
                continue
            if value == "":
                err(n, "D009", f"`{keyword}` needs a value")
                continue
            if kind != "people" and not is_actor_code(value):
                err(n, "D006", f"`{value}` is not an actor code (groups of three capital letters)")
            if value in heads:
                err(n, "D003", f"`{value}` is already defined on line {heads[value]}")
            heads[value] = n
            entries.append(Entry(value, n))
            continue
        if not entries:
            err(n, "D007", f"attribute `{keyword}` before any `{head_kw}` line")
            continue
        entry = entries[-1]
        if keyword not in known:
            err(
                n,
                "D001",
                f"unknown attribute `{keyword}` for {kind} (known: {', '.join(known)})",
            )
            continue
        if keyword == "example":
            if "=>" in value:
                sentence, code = value.rsplit("=>", 1)
                if trim(sentence) != "" and is_actor_code(trim(code)):
                    entry.examples.append((trim(sentence), trim(code), n))
                    continue
            err(n, "D005", "expected `example <sentence> => <ACTOR CODE>`")
        elif keyword == "role":
            parts = split_ws(value)
            if len(parts) != 3:
                err(n, "D002", "expected `role <CODE> <YYYY-MM-DD> <YYYY-MM-DD|..>`")
                continue
            code, start, end = parts
            if not is_actor_code(code):
                err(n, "D006", f"`{code}` is not an actor code")
            try:
                start_date = parse_date(start)
                end_date = None if end == ".." else parse_date(end)
            except DateError as e:
                err(n, "D002", str(e))
                continue
            if end_date is not None and start_date > end_date:
                err(n, "D002", f"role ends ({end}) before it starts ({start})")
                continue
            entry.roles.append(Role(code, start_date, end_date, n))
        else:
            values = [trim(v) for v in value.split("; ")]
            values = [v for v in values if v != ""]
            if not values and keyword not in ("seat-mil", "member-of"):
                err(n, "D009", f"`{keyword}` needs a value")
                continue
            if keyword == "default" and any(not is_actor_code(v) for v in values):
                err(n, "D006", f"`{value}` is not an actor code")
            entry.attributes.append((keyword, values, n))
    needs = {"countries": "name", "organisations": "name", "agents": "noun"}.get(kind)
    for e in entries:
        if needs is not None and not e.values(needs):
            err(e.line, "D004", f"`{e.head}` has no `{needs}`")
        if kind == "people":
            if not e.roles and not e.values("default"):
                err(e.line, "D004", f"`{e.head}` has neither a role nor a default code")
            roles = sorted(e.roles, key=lambda r: r.start)
            for a, b in zip(roles, roles[1:]):
                if a.code != b.code and (a.end is None or a.end >= b.start):
                    err(
                        b.line,
                        "D010",
                        f"role {b.code} overlaps role {a.code} (line {a.line}) with a different code",
                    )
    return kind, entries, problems


def tokens(text: str) -> list[str]:
    """A rough tokenisation for D109: words, with `'s` split off and a leading `the` kept."""
    text = re.sub(r"(?<=\w)['\u2019]s\b", " 's", text)
    return re.findall(r"[\w.'\u2019-]+|[^\w\s]", text)


def contains_phrase(sentence: str, phrase: str) -> bool:
    s = [t.rstrip(".") for t in tokens(sentence)]
    p = [t.rstrip(".") for t in tokens(phrase)]
    if p and p[0].lower() == "the" and len(p) > 1:
        p = p[1:]
    if not p:
        return False
    for i in range(len(s) - len(p) + 1):
        window = s[i: i + len(p)]
        # The first word may be capitalised at the start of the sentence.
        if window[1:] == p[1:] and (window[0] == p[0] or (i == 0 and window[0] == p[0][:1].upper() + p[0][1:])):
            return True
    return False


def extra_checks(path: str, source: str, kind: str, entries: list[Entry]) -> list[Problem]:
    problems: list[Problem] = []

    def err(line: int, code: str, message: str) -> None:
        problems.append(Problem(path, line, code, message))

    stem = Path(path).stem
    if stem in KINDS and stem != kind:
        err(1, "D107", f"file `{Path(path).name}` holds `{stem}` but its header says `{kind}`")

    raw_lines = source.split("\n")
    for i, raw in enumerate(raw_lines[1:], start=2):
        raw = raw[:-1] if raw.endswith("\r") else raw
        line = strip_comment(raw)
        # Lines that `casus dict lint` reads as attributes (they start with two spaces)
        # but whose indentation is not exactly two spaces. Other indented lines are
        # already D008.
        if trim(line) == "" or not line.startswith("  "):
            continue
        indent = len(line) - len(line.lstrip("".join(UNICODE_WS)))
        if line[:indent] != "  ":
            err(i, "D104", f"attribute lines are indented by exactly two spaces, found {line[:indent]!r}")

    surface_seen: dict[str, tuple[str, int]] = {}
    iso2_seen: dict[str, tuple[str, int]] = {}
    for e in entries:
        counts: dict[str, int] = {}
        for attr, values, line in e.attributes:
            counts[attr] = counts.get(attr, 0) + len(values)
            if attr in SINGLE and counts[attr] > 1:
                err(line, "D108", f"`{e.head}` has more than one `{attr}` value")
            seen_here: set[str] = set()
            for v in values:
                if v in seen_here:
                    err(line, "D101", f"`{v}` is listed twice in `{attr}`")
                seen_here.add(v)
                if attr != "note" and (
                    re.search(r";(?! )", v) or v[:1] in ";," or v[-1:] in ";,"
                ):
                    err(line, "D106", f"stray separator in `{v}` (values are separated by `; `)")
        # Same value repeated across lines of the same attribute.
        by_attr: dict[str, dict[str, int]] = {}
        for attr, values, line in e.attributes:
            seen = by_attr.setdefault(attr, {})
            for v in values:
                if v in seen and seen[v] != line:
                    err(line, "D101", f"`{v}` is already listed in `{attr}` on line {seen[v]}")
                seen.setdefault(v, line)
        # Cross-entry ambiguity of surface forms.
        mine: dict[str, int] = {}
        for attr, values, line in e.attributes:
            if attr in SURFACE[kind]:
                for v in values:
                    key = v[4:] if v.startswith("the ") else v
                    mine.setdefault(key, line)
        if kind == "people":
            mine.setdefault(e.head, e.line)
        for v, line in mine.items():
            if v in surface_seen and surface_seen[v][0] != e.head:
                other, other_line = surface_seen[v]
                err(line, "D102", f"`{v}` also belongs to `{other}` (line {other_line}): ambiguous")
            else:
                surface_seen[v] = (e.head, line)
        if kind == "countries":
            for attr, values, line in e.attributes:
                if attr != "iso2":
                    continue
                for v in values:
                    if not re.fullmatch(r"[A-Z]{2}", v):
                        err(line, "D103", f"iso2 `{v}` is not two capital letters")
                    elif v in iso2_seen and iso2_seen[v][0] != e.head:
                        err(line, "D103", f"iso2 `{v}` is also given to `{iso2_seen[v][0]}` (line {iso2_seen[v][1]})")
                    else:
                        iso2_seen[v] = (e.head, line)
        # Examples.
        for sentence, code, line in e.examples:
            if kind in ("countries", "organisations"):
                if not code.startswith(e.head):
                    err(line, "D105", f"example code `{code}` does not start with the entry's code `{e.head}`")
            elif kind == "agents":
                if not code.endswith(e.head):
                    err(line, "D105", f"example code `{code}` does not end with the agent code `{e.head}`")
            elif kind == "people":
                codes = {r.code for r in e.roles} | set(e.values("default"))
                if code not in codes:
                    err(line, "D105", f"example code `{code}` is none of the person's role or default codes")
            forms = [v for a in SURFACE[kind] for v in e.values(a)]
            if kind == "people":
                forms.append(e.head)
            if forms and not any(contains_phrase(sentence, f) for f in forms):
                err(line, "D109", "the example sentence contains none of the entry's names")
    return problems


def collect(path: Path, out: list[Path]) -> None:
    if path.is_dir():
        children = sorted(
            p for p in path.iterdir() if p.is_dir() or p.suffix == ".txt"
        )
        for child in children:
            collect(child, out)
    else:
        out.append(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check casus dictionary files; print `path:line: code: message` per problem."
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files or folders (default: resources/dictionaries/ of this repository)",
    )
    parser.add_argument(
        "--lint-only",
        action="store_true",
        help="only the checks of `casus dict lint` (D000-D010)",
    )
    args = parser.parse_args(argv)
    roots = args.paths or [Path(__file__).resolve().parents[2] / "resources" / "dictionaries"]
    files: list[Path] = []
    for root in roots:
        if not root.exists():
            print(f"{root}:0: D000: cannot read: no such file or directory")
            return 1
        collect(root, files)
    total_problems = 0
    total_entries = 0
    for f in files:
        try:
            source = f.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            print(f"{f}:0: D000: cannot read: {e}")
            total_problems += 1
            continue
        kind, entries, problems = lint(str(f), source)
        if kind is not None and not args.lint_only:
            problems += sorted(extra_checks(str(f), source, kind, entries), key=lambda p: p.line)
        for p in problems:
            print(p)
        total_problems += len(problems)
        if not problems:
            total_entries += len(entries)
    print(
        f"check_dictionaries: {len(files)} file(s), {total_entries} entries in clean files, "
        f"{total_problems} problem(s)",
        file=sys.stderr,
    )
    return 1 if total_problems else 0


if __name__ == "__main__":
    sys.exit(main())
