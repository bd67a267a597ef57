"""Views hold no ORM query of their own: every read goes through the app's selectors
(CONVENTIONS.md, "Where logic lives"). The scan covers the apps in VIEWS_READ_THROUGH_SELECTORS;
add an app there once its views are straight."""

import ast
from pathlib import Path

import pytest

IEUM = Path(__file__).resolve().parents[2]

VIEWS_READ_THROUGH_SELECTORS = ["mall", "spaces", "budget", "enterprises"]


def views_modules(app: str) -> list[Path]:
    """The app's views modules: views.py, views_*.py and everything under views/."""
    root = IEUM / app
    return sorted({*root.glob("views*.py"), *root.glob("views/**/*.py")})


def manager_uses(source: str) -> list[int]:
    """Line numbers where the source reaches a model manager (`Something.objects`)."""
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    )


def test_scan_catches_a_manager_in_a_view():
    source = (
        "def get(request, pk):\n"
        "    return Thing.objects.filter(pk=pk).first()\n"
        "queryset = Other.objects.all()\n"
    )
    assert manager_uses(source) == [2, 3]
    assert manager_uses("items = selectors.thing_list()\n# Thing.objects in a comment\n") == []


@pytest.mark.parametrize("app", VIEWS_READ_THROUGH_SELECTORS)
def test_views_query_no_model_manager(app):
    modules = views_modules(app)
    assert modules, f"ieum/{app} has no views module to check"
    found = [
        f"{path.relative_to(IEUM.parent)}:{line}"
        for path in modules
        for line in manager_uses(path.read_text(encoding="utf-8"))
    ]
    assert not found, "a view queries a model itself; move the read to a selector: " + ", ".join(
        found
    )
