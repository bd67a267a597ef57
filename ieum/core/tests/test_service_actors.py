"""One door: every public write service of every app names the person acting, as a required
keyword (`actor`, or `user` for what a person does as a party: a buyer's cart, a vendor's
quote, one's own booking or token), so the view, API, CLI, chores and demo all say who acts and
the service can check it. A service added without one fails here."""

import importlib
import inspect
import pkgutil

from django.apps import apps

ACTING = ("actor", "user")


def _services_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("ieum."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError:
            continue
        yield module
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            yield importlib.import_module(f"{module.__name__}.{info.name}")


def _write_services():
    for module in _services_modules():
        for name, value in vars(module).items():
            wrapped = getattr(value, "__wrapped__", None)
            if name.startswith("_") or wrapped is None or value.__module__ != module.__name__:
                continue
            yield f"{module.__name__}.{name}", inspect.signature(value)


def test_the_services_are_found():
    names = {name for name, _signature in _write_services()}
    assert "ieum.spaces.services.tenants.tenancy_create" in names
    assert "ieum.budget.services.transfer_make" in names
    assert len(names) > 80


def test_every_write_service_requires_the_acting_person():
    missing = []
    for name, signature in _write_services():
        acting = [signature.parameters.get(keyword) for keyword in ACTING]
        required = [
            parameter
            for parameter in acting
            if parameter is not None
            and parameter.kind == inspect.Parameter.KEYWORD_ONLY
            and parameter.default is inspect.Parameter.empty
        ]
        if not required:
            missing.append(name)
    assert missing == []
