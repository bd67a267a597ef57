"""The `ieum` console script: Django's management commands with ieum's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ieum.settings.dev")
    from django.core.management import execute_from_command_line

    from ieum.core.forms import control_characters_message, has_control_characters

    # Arguments are names, paths, dates: a control character in one is a mistake or an attack,
    # refused here for every command before anything reads it (a shell cannot pass NUL).
    for argument in sys.argv[1:]:
        if has_control_characters(argument):
            import django

            django.setup()  # the message is translated
            sys.stderr.write(control_characters_message(repr(argument)[1:-1]) + "\n")
            raise SystemExit(2)

    execute_from_command_line(["ieum", *sys.argv[1:]])


if __name__ == "__main__":
    main()
