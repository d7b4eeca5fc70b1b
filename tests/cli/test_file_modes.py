"""What the desk writes is its user's alone: the data folder 0700, the database and the secret key 0600."""
import os
import stat
import subprocess
import sys

from tests.test_settings import run_storydesk


def test_init_makes_the_data_folder_and_its_files_private(tmp_path):
    home = tmp_path / "home"
    done = run_storydesk(home, "init", "--quiet")
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for name in ("storydesk.sqlite3", "secret_key"):
        assert stat.S_IMODE((home / name).stat().st_mode) == 0o600, name
    for path in home.rglob("*"):
        assert not stat.S_IMODE(path.stat().st_mode) & 0o077, path


def test_the_web_server_entry_sets_the_private_umask(tmp_path):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STORYDESK_")}
    environ.update(STORYDESK_HOME=str(tmp_path / "home"), DJANGO_SETTINGS_MODULE="storydesk.settings")
    done = subprocess.run([sys.executable, "-c", "import os, storydesk.wsgi; print(oct(os.umask(0)))"], env=environ,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "0o77", done.stderr
