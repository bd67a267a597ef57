from ieum.core.permissions import has_permission

from .navigation import STAFF_AREAS


def navigation(request):
    """The console navigation the signed-in user may see (built areas link, others say 준비 중)."""
    user = getattr(request, "user", None)
    if not has_permission(user, "console.view"):
        return {"staff_areas": ()}
    areas = [
        {"label": a.label, "url": a.url, "active": bool(a.url and request.path.startswith(a.url))}
        for a in STAFF_AREAS
        if a.permission is None or has_permission(user, a.permission)
    ]
    # The console home matches every path below it only exactly.
    for area in areas:
        if area["label"] == "콘솔 홈":
            area["active"] = request.path == area["url"]
    return {"staff_areas": areas}
