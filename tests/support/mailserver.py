"""A throwaway Dovecot (real IMAP, on a free local port, with its own config, Maildirs and passwd-file) and
a local SMTP sink (aiosmtpd), for the tests and `storydesk bench email`. Nothing here runs in production."""
from __future__ import annotations

import email
import email.policy
import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

INSTALL_HINT = ("Dovecot is not installed, and the email tests and benchmark need a real IMAP server: run "
                "`sudo bash scripts/system-deps.sh` (it installs the Debian package dovecot-imapd).")


class DovecotNotInstalled(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _binary(name: str) -> str:
    places = (f"/usr/sbin/{name}", f"/usr/bin/{name}")  # sbin is often not on a user's PATH
    found = shutil.which(name) or next((p for p in places if os.path.exists(p)), None)
    if not found:
        raise DovecotNotInstalled(INSTALL_HINT)
    return found


@dataclass
class ThrowawayDovecot:
    root: Path
    port: int
    tls_port: int | None
    process: subprocess.Popen
    cert_file: Path | None = None
    password: str = "correct-horse-9"
    accounts: int = 0
    _next_account: int = 0

    @classmethod
    def start(cls, *, tls: bool = False, root: Path | None = None, accounts: int = 500) -> ThrowawayDovecot:
        """Start it with `accounts` users ready (desk1, desk2, …): Dovecot reads its passwd-file lazily, so
        accounts added while it runs can take a few seconds to log in."""
        dovecot = _binary("dovecot")
        root = Path(root or tempfile.mkdtemp(prefix="storydesk-dovecot-"))
        root.chmod(0o755)  # the mail processes run unprivileged and must reach their Maildirs
        mail_user, login_user, internal_user = _users()
        for name in ("run", "state", "mail"):
            (root / name).mkdir(exist_ok=True)
        if os.getuid() == 0:
            shutil.chown(root / "mail", mail_user, grp.getgrgid(pwd.getpwnam(mail_user).pw_gid).gr_name)
        (root / "passwd").write_text("".join(f"desk{n}:{{PLAIN}}{cls.password}::::::\n"
                                             for n in range(1, accounts + 1)))
        port, tls_port = free_port(), free_port() if tls else None
        cert = _self_signed(root) if tls else None
        conf = root / "dovecot.conf"
        conf.write_text(_config(root, port, tls_port, cert, mail_user, login_user, internal_user))
        log = (root / "stdout.log").open("wb")
        process = subprocess.Popen([dovecot, "-F", "-c", str(conf)], stdout=log, stderr=subprocess.STDOUT,
                                   preexec_fn=_stop_with_parent)
        server = cls(root, port, tls_port, process, cert[0] if cert else None, accounts=accounts)
        server._wait_until_ready()
        return server

    @property
    def conf(self) -> Path:
        return self.root / "dovecot.conf"

    def new_account(self) -> tuple[str, str]:
        """(user, password) of an account nobody has used yet: an empty Maildir of its own."""
        if self._next_account >= self.accounts:
            raise RuntimeError(f"all {self.accounts} accounts of this throwaway Dovecot are used; start it with more")
        self._next_account += 1
        return f"desk{self._next_account}", self.password

    def kick(self, user: str) -> None:
        """Drop every IMAP connection of this user, as a server restart or a network cut would."""
        subprocess.run([_binary("doveadm"), "-c", str(self.conf), "kick", user], check=True,
                       capture_output=True, timeout=20)
        # kick only signals the connections' processes: wait until they are gone, or a client's next command
        # can still be answered (a test that cuts a batch after its second message would read a third).
        deadline = time.monotonic() + 10
        while user in self._connected_users() and time.monotonic() < deadline:
            time.sleep(0.02)

    def _connected_users(self) -> set[str]:
        table = subprocess.run([_binary("doveadm"), "-c", str(self.conf), "who"], capture_output=True, text=True,
                               timeout=20).stdout
        return {row.split()[0] for row in table.splitlines()[1:] if row.strip()}  # under a "username …" header

    def log(self) -> str:
        parts = [(self.root / name) for name in ("dovecot.log", "stdout.log")]
        return "\n".join(p.read_text(errors="replace") for p in parts if p.exists())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def _wait_until_ready(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Dovecot stopped at start (exit {self.process.returncode}):\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Dovecot did not answer on 127.0.0.1:{self.port} within {timeout:.0f}s:\n{self.log()}")


def _stop_with_parent() -> None:
    """In the child before exec: if the test run is killed, Dovecot gets SIGTERM instead of living on."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the fixture's own stop() still ends it
        pass


def _users() -> tuple[str, str, str]:
    """(mail user, login user, internal user). As root, Dovecot refuses uid 0 for mail and for logins."""
    me = pwd.getpwuid(os.getuid()).pw_name
    if os.getuid() != 0:
        return me, me, me
    def exists(name: str) -> bool:
        try:
            pwd.getpwnam(name)
            return True
        except KeyError:
            return False
    login = next(n for n in ("dovenull", "nobody") if exists(n))
    return "nobody", login, "root"


def _self_signed(root: Path) -> tuple[Path, Path]:
    cert, key = root / "cert.pem", root / "key.pem"
    subprocess.run([_openssl(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


def _openssl() -> str:
    found = shutil.which("openssl")
    if not found:
        raise DovecotNotInstalled("openssl is needed for the TLS tests: run `sudo bash scripts/system-deps.sh`.")
    return found


def _config(root: Path, port: int, tls_port: int | None, cert, mail_user: str, login_user: str,
            internal_user: str) -> str:
    mail_group = grp.getgrgid(pwd.getpwnam(mail_user).pw_gid).gr_name
    internal_group = grp.getgrgid(pwd.getpwnam(internal_user).pw_gid).gr_name
    ssl = f"ssl = yes\nssl_cert = <{cert[0]}\nssl_key = <{cert[1]}\n" if cert else "ssl = no\n"
    return ssl + textwrap.dedent(f"""\
        # Throwaway Dovecot for storydesk tests: only this process, only 127.0.0.1.
        base_dir = {root}/run
        state_dir = {root}/state
        instance_name = storydesk-test-{port}
        log_path = {root}/dovecot.log
        protocols = imap
        listen = 127.0.0.1
        disable_plaintext_auth = no
        auth_mechanisms = plain login
        auth_failure_delay = 0
        login_trusted_networks = 127.0.0.1/8
        default_internal_user = {internal_user}
        default_internal_group = {internal_group}
        default_login_user = {login_user}
        first_valid_uid = 1
        mail_uid = {mail_user}
        mail_gid = {mail_group}
        mail_location = maildir:{root}/mail/%u
        namespace inbox {{
          inbox = yes
          separator = /
        }}
        passdb {{
          driver = passwd-file
          args = scheme=PLAIN username_format=%u {root}/passwd
        }}
        userdb {{
          driver = static
          args = uid={mail_user} gid={mail_group} home={root}/mail/%u
        }}
        service imap-login {{
          chroot =
          inet_listener imap {{
            address = 127.0.0.1
            port = {port}
          }}
          inet_listener imaps {{
            address = 127.0.0.1
            port = {tls_port or 0}
          }}
        }}
        service anvil {{
          chroot =
        }}
        """)


@dataclass
class SmtpSink:
    """Every message the desk sends, received by a real SMTP server on a free local port."""

    port: int
    controller: object
    messages: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def start(cls) -> SmtpSink:
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
        sink = cls(port=free_port(), controller=None)
        sink.controller = Controller(_Handler(sink), hostname="127.0.0.1", port=sink.port)
        sink.controller.start()
        return sink

    def received(self) -> list[email.message.EmailMessage]:
        with self.lock:
            return list(self.messages)

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()

    def stop(self) -> None:
        self.controller.stop()


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        raw = (envelope.original_content or envelope.content).replace(b"\r\n", b"\n")
        message = email.message_from_bytes(raw, policy=email.policy.default)
        with self.sink.lock:
            self.sink.messages.append(message)
        return "250 OK"
