"""Every ``devzone`` command explains itself: ``--help`` prints its options (a module's help text once broke
``devzone loadgen --help`` with a literal ``%``)."""

import pytest
from django.core.management import get_commands, load_command_class

DEVZONE_COMMANDS = sorted(name for name, app in get_commands().items() if app.startswith("devzone"))


def test_the_project_has_its_commands():
    assert {"loadgen", "bench", "demo", "serve", "backup", "restore", "personnel_surge"} <= set(
        DEVZONE_COMMANDS
    )


@pytest.mark.parametrize("name", DEVZONE_COMMANDS)
def test_help_prints_every_option(name):
    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("devzone", name)
    text = parser.format_help()
    assert f"usage: devzone {name}" in text
    for action in parser._actions:
        for option in action.option_strings:
            assert option in text
