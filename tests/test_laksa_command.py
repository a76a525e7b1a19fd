"""The `laksa` command wraps Django's management commands and accepts dashes."""

from __future__ import annotations

import pytest

from laksa.__main__ import main


def test_it_runs_a_command_named_with_dashes(capsys, db):
    with pytest.raises(SystemExit) as exit_info:
        main(["laksa", "load-demo", "--help"])
    assert exit_info.value.code == 0
    assert "--if-empty" in capsys.readouterr().out


def test_it_fails_clearly_for_a_missing_file(capsys, city):
    with pytest.raises(SystemExit) as exit_info:
        main(["laksa", "import-areas", "/nonexistent/areas.geojson"])
    assert exit_info.value.code == 1
    assert "No such file" in capsys.readouterr().err
