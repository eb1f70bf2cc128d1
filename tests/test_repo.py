"""The promises the README makes about how to run things."""

from __future__ import annotations

import re

from geo.paths import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text)


def test_readme_starts_with_the_two_commands():
    run, test = readme_commands()[:2]
    assert run.startswith("pip install -r requirements.txt") and "streamlit run app.py" in run
    assert "requirements-dev.txt" in test and test.endswith("python -m pytest")


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()
    assert "CI=true" in ci


def test_geo_is_a_plain_library():
    offenders = [p.name for p in (ROOT / "geo").glob("*.py")
                 if re.search(r"^\s*(import|from)\s+streamlit\b", p.read_text(), re.M)]
    assert offenders == []
