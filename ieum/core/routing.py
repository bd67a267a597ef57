"""How an app's pages are mounted: one style for every app.

The project's urls.py includes every app at the site's root; each app's urls.py names its two
areas through `app_urlpatterns`: the pages people use under /<prefix>/ and the staff console
under /console/<prefix>/. The URL names stay in the app's namespace either way.
"""

from django.urls import include, path


def app_urlpatterns(prefix: str, *, public=(), console=()) -> list:
    """`public` patterns under /<prefix>/ and `console` patterns under /console/<prefix>/,
    each written relative to its area."""
    patterns = []
    if public:
        patterns.append(path(f"{prefix}/", include(list(public))))
    if console:
        patterns.append(path(f"console/{prefix}/", include(list(console))))
    return patterns
