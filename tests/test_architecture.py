"""The house rules that keep the code easy to change, read from the code itself.

- What each edition state allows is written once, in awards/lifecycle.py: no other module or template
  compares an edition's state (a flag of `edition.phase`, or `lifecycle.states_where(flag)` in a query).
- `awards` never imports `judging`; `config` imports neither `bench` nor `tests`.
- No import loop: the first-party modules' imports (function-level ones included) form an acyclic graph.
"""

import ast
import re
from pathlib import Path

import pytest

from awards import lifecycle

ROOT = Path(__file__).resolve().parent.parent
APP_DIRS = ("awards", "judging", "config")
STATE_VALUES = "|".join(lifecycle.ORDER)


def _python_files(*dirs: str):
    for folder in dirs:
        for path in sorted((ROOT / folder).rglob("*.py")):
            # not migrations; not a hidden folder's files (bench/.pretalx-venv holds the benchmark's peer)
            relative = path.relative_to(ROOT).parts
            if "migrations" not in relative and not any(part.startswith(".") for part in relative):
                yield path


def _call_arguments(text: str, start: int) -> str:
    """The text between the parenthesis at `start` and its match."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1:index]
    return text[start + 1:]


def _state_comparisons(text: str) -> list[str]:
    found = []
    patterns = (
        r"\.state\s*(?:==|!=)",  # edition.state == ...
        r"\.state\s+(?:not\s+)?in\b",  # edition.state in (...)
        r"\bstate\s+(?:not\s+)?in\s*\(\s*Edition\.State",
        rf"(?:==|!=)\s*[\"'](?:{STATE_VALUES})[\"'].*\b(?:state|stage)\b",
        rf"\b(?:state|stage)\b.*(?:==|!=)\s*[\"'](?:{STATE_VALUES})[\"']",
        r"_STATES\s*=",  # a tuple of states kept beside the lifecycle
    )
    for line in text.splitlines():
        for pattern in patterns:
            if re.search(pattern, line):
                found.append(line.strip())
    # Queries: `.filter(state=...)`, `.exclude(edition__state=...)`, ... must ask lifecycle.states_where().
    for match in re.finditer(r"\.(?:filter|exclude|get)\(", text):
        arguments = _call_arguments(text, match.end() - 1)
        for query in re.finditer(r"\b(?:\w+__)?state(?:__in)?\s*=\s*([^,\n]+)", arguments):
            if not query.group(1).strip().startswith("lifecycle.states_where("):
                found.append(query.group(0).strip())
    return found


def test_no_module_but_the_lifecycle_compares_an_edition_state():
    offenders = {}
    for path in _python_files(*APP_DIRS, "bench"):
        if path == ROOT / "awards" / "lifecycle.py":
            continue
        found = _state_comparisons(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    for path in sorted((ROOT / "templates").rglob("*.html")):
        found = [
            line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if re.search(r"\.state\s*(?:==|!=|in\b)|\bstage\s*==", line)
        ]
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


@pytest.mark.parametrize(
    "line",
    [
        "if edition.state == Edition.State.JUDGING:",
        "if edition.state not in PANEL_OPEN_STATES:",
        "REKEY_STATES = (Edition.State.DRAFT,)",
        "Edition.objects.filter(state=Edition.State.PUBLISHED)",
        "Award.objects.get(\n    code=code, edition__state__in=('revealed', 'published'),\n)",
        'if stage == "sealed":',
    ],
)
def test_the_check_finds_each_way_of_comparing_a_state(line):
    assert _state_comparisons(line)


def test_the_check_lets_the_lifecycle_flags_through():
    assert _state_comparisons(
        'Edition.objects.filter(state__in=lifecycle.states_where("published"))\n'
        "if not edition.phase.scoring_open:\n"
        "edition_transition(edition=edition, to_state=Edition.State.SEALED, actor=actor)\n"
    ) == []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    ("package", "forbidden"), [("awards", {"judging", "bench", "tests"}), ("config", {"bench", "tests"})]
)
def test_import_direction(package, forbidden):
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & forbidden) for path in _python_files(package)
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_every_state_has_a_phase_with_every_flag_stated():
    assert tuple(lifecycle.PHASES) == lifecycle.ORDER == tuple(lifecycle.State.values)
    assert lifecycle.states_where("scoring_open") == ("judging",)
    assert lifecycle.states_where("results_known") == ("revealed", "published")
    assert lifecycle.next_state("sealed") == "revealed"
    assert lifecycle.next_state("published") is None
    with pytest.raises(ValueError, match="Unknown lifecycle flag"):
        lifecycle.states_where("scoring")


# --- No import loop -------------------------------------------------------------------------------

FIRST_PARTY = ("awards", "judging", "config")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _import_targets(source: str, name: str, modules: set[str], *, is_package: bool = False) -> set[str]:
    """The first-party modules that module `name` imports anywhere in its source (at the top, in a function,
    relative or not), each named as the deepest module that exists: `from judging.services import feedback`
    is `judging.services.feedback`, `from judging.tally import Rubric` is `judging.tally`."""
    package = name if is_package else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in modules:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                targets.add(candidate)
                break
    return targets


def _import_graph(*packages: str) -> dict[str, set[str]]:
    paths = list(_python_files(*packages))
    modules = {_module_name(path) for path in paths}
    return {
        _module_name(path): _import_targets(
            path.read_text(encoding="utf-8"), _module_name(path), modules, is_package=path.name == "__init__.py"
        )
        for path in paths
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules that import each other (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def test_no_import_cycle_between_first_party_modules():
    graph = _import_graph(*FIRST_PARTY)
    assert len(graph) > 50 and graph["judging.services.export"] >= {"judging.services.feedback", "judging.pack"}
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_loop_through_a_function_level_import():
    graph = {"a.export": {"a.feedback"}, "a.feedback": {"a.reveal"}, "a.reveal": set(), "a.pack": set()}
    assert _cycles(graph) == []
    graph["a.feedback"].add("a.export")  # as feedback.py once did inside a function
    assert _cycles(graph) == [["a.export", "a.feedback"]]
    modules = {"judging.services", "judging.services.export", "judging.services.feedback", "judging.tally"}
    source = "from . import export\nfrom ..tally import Rubric\n\ndef f():\n    from judging.services.export import X\n"
    assert _import_targets(source, "judging.services.feedback", modules) == {"judging.services.export", "judging.tally"}
