"""The `ieum` console script: Django's management commands with ieum's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ieum.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ieum", *sys.argv[1:]])


if __name__ == "__main__":
    main()
