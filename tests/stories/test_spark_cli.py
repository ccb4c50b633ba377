"""`storyfuse cluster --engine spark` from the command line (Spark in local mode)."""

from __future__ import annotations

import shutil

import pytest

from storyfuse.cli import main
from tests.stories.test_spark import write_input

pytest.importorskip("pyspark")
if shutil.which("java") is None:  # pragma: no cover - the project's set-up installs Java
    pytest.skip("Spark needs Java", allow_module_level=True)


def test_the_two_engines_write_the_same_file_from_the_cli(tmp_path, capsys):
    source = tmp_path / "articles.jsonl"
    write_input(source)
    outputs = {}
    for engine in ("local", "spark"):
        out = tmp_path / f"{engine}.jsonl"
        with pytest.raises(SystemExit) as exit_info:
            main(["cluster", "--engine", engine, "--master", "local[1]", str(source), str(out)])
        _, err = capsys.readouterr()
        assert exit_info.value.code == 1  # the broken line is reported; the rest clustered
        assert f"{source}:6" in err and "24 articles in 3 stories" in err
        outputs[engine] = out.read_text()
    assert outputs["local"] == outputs["spark"]


def test_a_bad_conf_is_a_usage_error(tmp_path, capsys):
    source = tmp_path / "articles.jsonl"
    write_input(source)
    with pytest.raises(SystemExit) as exit_info:
        main(["cluster", "--engine", "spark", "--conf", "nonsense", str(source), "-"])
    assert exit_info.value.code == 2 and "KEY=VALUE" in capsys.readouterr().err
