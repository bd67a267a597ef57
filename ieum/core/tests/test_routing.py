"""Every domain app is mounted one way: at the root, its pages under /<app>/ and its console
under /console/<app>/ (ieum.core.routing.app_urlpatterns)."""

from django.apps import apps
from django.urls import URLResolver, get_resolver

from ieum.core.routing import app_urlpatterns

# ieum's own layers below the domain apps, mounted by ieum/urls.py itself.
NOT_DOMAIN_APPS = {"core", "accounts"}
# The site's front door is the center's home page.
AT_THE_ROOT = {("organization", "home")}


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.name


def _domain_apps():
    labels = {config.label for config in apps.get_app_configs() if config.name.startswith("ieum.")}
    return [
        resolver
        for resolver in get_resolver().url_patterns
        if isinstance(resolver, URLResolver) and resolver.app_name in labels - NOT_DOMAIN_APPS
    ]


def test_every_domain_app_is_mounted_at_the_root():
    apps = _domain_apps()
    assert {r.app_name for r in apps} >= {"mall", "spaces", "budget", "programs", "reports"}
    assert [str(r.pattern) for r in apps] == [""] * len(apps)


def test_every_page_of_an_app_is_under_its_own_prefix_or_its_console():
    stray = []
    for resolver in _domain_apps():
        app = resolver.app_name
        for route, name in _routes(resolver):
            if (app, name) in AT_THE_ROOT:
                continue
            if not route.startswith((f"{app}/", f"console/{app}/")):
                stray.append(f"{app}:{name} /{route}")
    assert stray == []


def test_app_urlpatterns_places_each_area_under_its_prefix():
    from django.urls import path

    def view(request):
        return None

    patterns = app_urlpatterns(
        "demo", public=[path("x/", view, name="x")], console=[path("", view, name="c")]
    )
    assert [str(p.pattern) for p in patterns] == ["demo/", "console/demo/"]
    assert app_urlpatterns("demo", console=[path("", view)])[0].pattern.describe() == (
        "'console/demo/'"
    )
