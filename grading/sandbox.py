"""A Jupyter kernel for one submission, inside a bubblewrap sandbox, driven from outside.

`Sandbox(...)` starts the course's Python (never the kernel the notebook names) under bubblewrap:
- its own PID, network, IPC and UTS namespaces: no network, no other process visible or reachable, and every
  process it starts dies with it (`--die-with-parent`; killing bwrap ends the PID namespace and all inside it);
- a file system that holds only the Python environment (read-only), a copy of `helpers/` and the chapter's public
  tests (read-only), the submission's own notebook (read-only), a private writable home and /tmp (tmpfs, size-capped)
  and the directory of the kernel's sockets;
- as root, its own user id and no capabilities (`setpriv`), and rlimits (`prlimit`): address space, processes,
  file size, CPU seconds, open files, no core dumps.

The grader talks to the kernel over ZeroMQ unix sockets (`ipc`), with jupyter_client's Session (JSON, never pickle).
Everything the kernel sends is treated as hostile: message size and queue length are capped by ZeroMQ, output is
counted here, outside the kernel, and every wait has a deadline; a cell that overruns is interrupted and, if the
kernel does not obey within a few seconds, the sandbox is killed.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import wire
import zmq
from jupyter_client.session import Session

BWRAP = shutil.which("bwrap") or "/usr/bin/bwrap"
MAX_MESSAGE = 2 * 2**20  # bytes: a larger message from the kernel is dropped by ZeroMQ (and the link reset)
QUEUE = 128  # messages ZeroMQ buffers per socket before it drops the newest
HOME = "/home/learner"
COURSE = f"{HOME}/course"  # laid out like the repository: helpers/, exercises/<notebook>, exercises/tests/<chapter>/
# `import otter` in the sandbox: a stand-in (the grader runs no check cell there; the real one takes 1.4 s to import)
OTTER_STAND_IN = Path(__file__).resolve().parent / "otter_stand_in"


@dataclass
class Limits:
    """What one submission may use. Times in seconds, sizes in bytes."""

    cell_timeout: float = 60
    notebook_timeout: float = 600
    max_output: int = 1_000_000  # bytes of output messages per cell (and per call the grader makes)
    memory: int = 2 * 2**30  # of all its processes together (proportional set size, watched from outside)
    address_space: int = 4 * 2**30  # per process (rlimit: a larger allocation fails with MemoryError)
    processes: int = 64  # processes and threads of the sandbox's user
    file_size: int = 64 * 2**20
    disk: int = 128 * 2**20  # each of the tmpfs home and /tmp (memory, not counted in `memory`)
    open_files: int = 256
    startup_timeout: float = 60
    grace: float = 3  # seconds a kernel gets to obey an interrupt before it is killed


@dataclass
class Outcome:
    """What happened to one request: the reply's status, the results it published, and what went wrong."""

    status: str = ""  # "ok", "error", "" (no reply)
    error: tuple[str, str] | None = None  # (ename, evalue) of an error reply
    published: list[dict[str, Any]] = field(default_factory=list)  # data of display messages with our MIME type
    output_bytes: int = 0
    text: str = ""  # the first 10 000 characters of its stream output (for reasons and tests)
    flooded: bool = False
    timed_out: bool = False
    died: bool = False
    idle: bool = False  # its idle status arrived (so its output is complete)


class KernelDied(Exception):
    """The sandboxed kernel is gone (it exited, crashed, ran out of memory, or was killed)."""


def _ancestors(path: Path) -> list[Path]:
    return [p for p in reversed(path.parents) if p != Path("/")]


class Sandbox:
    """One sandboxed kernel. Use as a context manager; `close()` kills everything inside."""

    def __init__(
        self,
        scratch: Path,
        notebook: Path,
        helpers: Path,
        public_tests: Path | None,
        chapter: str,
        limits: Limits,
    ):
        self.limits = limits
        self.scratch = scratch
        self.conn = scratch / "conn"
        self.conn.mkdir(parents=True)
        self.root = os.geteuid() == 0
        self.uid = 100_000 + secrets.randbelow(800_000)  # its own user (when run as root): its own process limit
        self.log = bytearray()
        self.dead_reason = ""
        self.stopped = False  # killed by the grader (time, output or memory), not ended by itself
        self._deadline = time.monotonic() + limits.notebook_timeout
        key = secrets.token_hex(32)
        self.session = Session(key=key.encode(), signature_scheme="hmac-sha256", username="grader")
        ports = dict(shell_port=1, iopub_port=2, stdin_port=3, control_port=4, hb_port=5)
        connection = dict(ports, transport="ipc", ip=str(self.conn / "k"), key=key, signature_scheme="hmac-sha256")
        connection_file = self.conn / "kernel.json"
        connection_file.write_text(json.dumps(connection))
        if self.root:
            os.chown(self.conn, self.uid, self.uid)
            os.chown(connection_file, self.uid, self.uid)
        command = self._command(notebook, helpers, public_tests, chapter, connection_file)
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        threading.Thread(target=self._read_log, daemon=True).start()
        threading.Thread(target=self._watch, daemon=True).start()
        self.context = zmq.Context()
        self.ports = ports
        self.sockets: dict[str, zmq.Socket[bytes]] = {}
        self.monitors: dict[str, zmq.Socket[bytes]] = {}
        for name in ("shell", "iopub", "control"):
            self._connect(name)
        try:
            self._wait_ready()
        except BaseException:
            self.close()
            raise
        if self.root:  # the kernel has made its sockets: from now on it cannot create files here
            os.chown(self.conn, 0, 0)
            os.chmod(self.conn, 0o755)

    # -- the sandbox -------------------------------------------------------------------------------------------

    def _command(
        self, notebook: Path, helpers: Path, public_tests: Path | None, chapter: str, connection: Path
    ) -> list[str]:
        python = Path(sys.executable)
        bwrap = [BWRAP, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
        bwrap += ["--unshare-user"] if not self.root else ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        bwrap += ["--die-with-parent", "--new-session", "--clearenv", "--hostname", "sandbox"]
        bwrap += self._mounts(notebook, helpers, public_tests, chapter)
        for name, value in self._environment(python).items():
            bwrap += ["--setenv", name, value]
        kernel = [str(python), "-m", "ipykernel_launcher", "-f", str(connection), "--HistoryManager.enabled=False"]
        # choom: if memory runs out, the out-of-memory killer takes the sandbox's processes first (all inherit it)
        return ["/usr/bin/choom", "-n", "1000", "--", *bwrap, "--", *self._unprivileged(), *kernel]

    def _mounts(self, notebook: Path, helpers: Path, public_tests: Path | None, chapter: str) -> list[str]:
        """What the sandbox sees: the system's /usr, a private /tmp and home, a few files of /etc, the Python
        environment at its own paths, and the course laid out as in the repository, all read-only but the home,
        /tmp and the socket folder."""
        mounts = ["--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev"]
        for name in ["bin", "sbin", "lib", "lib32", "lib64", "libx32"]:  # merged /usr: symbolic links
            host = Path("/") / name
            if host.is_symlink():
                mounts += ["--symlink", os.readlink(host), str(host)]
            elif host.is_dir():
                mounts += ["--ro-bind", str(host), str(host)]
        for tmpfs in ["/tmp", HOME]:
            mounts += ["--size", str(self.limits.disk), "--perms", "01777", "--tmpfs", tmpfs]
        (self.scratch / "passwd").write_text(f"learner:x:{self.uid}:{self.uid}:learner:{HOME}:/bin/sh\n")
        (self.scratch / "group").write_text(f"learner:x:{self.uid}:\n")
        mounts += ["--perms", "0755", "--dir", "/etc"]
        mounts += ["--ro-bind", str(self.scratch / "passwd"), "/etc/passwd"]
        mounts += ["--ro-bind", str(self.scratch / "group"), "/etc/group"]
        for name in ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "fonts", "nsswitch.conf"]:
            mounts += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
        python = Path(sys.executable)
        prefixes = {Path(sys.prefix), Path(sys.base_prefix), python.resolve().parents[1]}
        prefixes = {p for p in prefixes if p != Path("/usr") and Path("/usr") not in p.parents}
        made = {Path("/tmp"), Path(HOME), Path("/usr")}
        for parent in sorted({a for p in [*prefixes, self.conn] for a in _ancestors(p)} - made):
            mounts += ["--perms", "0755", "--dir", str(parent)]  # bwrap would make them 0700
        for prefix in sorted(prefixes):
            mounts += ["--ro-bind", str(prefix), str(prefix)]
        mounts += ["--perms", "0755", "--dir", COURSE, "--perms", "01777", "--dir", f"{COURSE}/exercises"]
        mounts += ["--ro-bind", str(helpers), f"{COURSE}/helpers"]
        mounts += ["--ro-bind", str(OTTER_STAND_IN), f"{COURSE}/otter"]  # on PYTHONPATH, ahead of the real otter
        if public_tests is not None:
            mounts += ["--perms", "0755", "--dir", f"{COURSE}/exercises/tests"]
            mounts += ["--ro-bind", str(public_tests), f"{COURSE}/exercises/tests/{chapter}"]
        mounts += ["--ro-bind", str(notebook), f"{COURSE}/exercises/{chapter}.ipynb"]
        mounts += ["--bind", str(self.conn), str(self.conn), "--chdir", f"{COURSE}/exercises"]
        return mounts

    @staticmethod
    def _environment(python: Path) -> dict[str, str]:
        return {
            "HOME": HOME,
            "USER": "learner",
            "LOGNAME": "learner",
            "PATH": f"{python.parent}:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "TMPDIR": "/tmp",
            "PYTHONPATH": COURSE,  # helpers importable even without the set-up cell
            "PYTHONHASHSEED": "0",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MPLBACKEND": "agg",
            "MPLCONFIGDIR": "/tmp/matplotlib",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "JUPYTER_PLATFORM_DIRS": "1",
        }

    def _unprivileged(self) -> list[str]:
        """As root: the sandbox's own user, no capabilities, no new privileges (setpriv); then the rlimits."""
        limits = self.limits
        drop = [
            "/usr/bin/setpriv",
            f"--reuid={self.uid}",
            f"--regid={self.uid}",
            "--clear-groups",
            "--no-new-privs",
            "--inh-caps=-all",
        ]
        # the process limit counts every process of the user id: only the sandbox's own user makes it per sandbox
        processes = [f"--nproc={limits.processes}"] if self.root else []
        rlimits = [
            "/usr/bin/prlimit",
            f"--as={limits.address_space}",
            *processes,
            f"--fsize={limits.file_size}",
            f"--cpu={int(limits.notebook_timeout) + 30}",
            f"--nofile={limits.open_files}",
            "--core=0",
            "--",
        ]
        return (drop if self.root else []) + rlimits

    def _read_log(self) -> None:
        """Keep the first 20 kB of what the sandbox prints outside the kernel's channels; drop the rest."""
        stdout = self.process.stdout
        assert isinstance(stdout, io.BufferedReader)  # stdout=PIPE (buffered): never None
        while chunk := stdout.read1(65536):
            if len(self.log) < 20_000:
                self.log += chunk[: 20_000 - len(self.log)]

    def alive(self) -> bool:
        if not self.dead_reason and self.process.poll() is not None:
            self.dead_reason = self._exit_status()
        return not self.dead_reason

    def _exit_status(self) -> str:
        code = self.process.poll()
        if code is not None and code > 128:  # bwrap reports a command killed by signal N as 128 + N
            return f"ended the kernel (signal {code - 128}: a crash, or out of memory?)"
        if code is not None and code < 0:
            return f"ended the kernel (signal {-code})"
        return f"ended the kernel (exit code {code})"

    def _exits(self, seconds: float) -> bool:
        try:
            self.process.wait(timeout=seconds)
            return True
        except subprocess.TimeoutExpired:
            return False

    def memory(self) -> int:
        """Memory of every process in the sandbox together, in bytes: the sum of their proportional set sizes
        (a page shared by n processes, as after fork, counts 1/n in each)."""
        try:
            family = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.Error:
            return 0
        total = 0
        for process in family:
            try:
                total += process.memory_full_info().pss
            except psutil.Error:
                pass
        return total

    def _watch(self) -> None:
        """A thread: every half second (less often when counting takes long, as after a fork bomb), kill the sandbox
        if its processes together hold more than the memory limit."""
        while self.process.poll() is None and not self.dead_reason:
            start = time.monotonic()
            if self.memory() > self.limits.memory:
                self.kill(f"used more than {self.limits.memory // 2**20} MB of memory")
                return
            time.sleep(max(0.5, 4 * (time.monotonic() - start)))

    def kill(self, reason: str) -> None:
        """Kill the sandbox: bwrap's PID namespace takes every process inside with it."""
        if not self.dead_reason:
            self.dead_reason = reason
            self.stopped = reason != "closed" and self.process.poll() is None
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def close(self) -> None:
        self.kill("closed")
        for socket in [*self.monitors.values(), *self.sockets.values()]:
            socket.close(linger=0)
        self.context.term()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- messages ----------------------------------------------------------------------------------------------

    def _connect(self, name: str) -> None:
        """(Re)open our end of one of the kernel's channels, with ZeroMQ's limits on size and queue length, and a
        monitor that reports when ZeroMQ cuts the link (it does so on a message larger than MAX_MESSAGE, and does
        not reconnect by itself)."""
        for old in (self.monitors.pop(name, None), self.sockets.pop(name, None)):
            if old is not None:
                old.close(linger=0)
        socket = self.context.socket(zmq.SUB if name == "iopub" else zmq.DEALER)
        socket.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE)
        socket.setsockopt(zmq.RCVHWM, QUEUE)
        socket.setsockopt(zmq.LINGER, 0)
        if name == "iopub":
            socket.setsockopt(zmq.SUBSCRIBE, b"")
        socket.connect(f"ipc://{self.conn}/k-{self.ports[name + '_port']}")
        self.sockets[name] = socket
        if name != "control":
            self.monitors[name] = socket.get_monitor_socket(zmq.EVENT_DISCONNECTED)

    def _receive(self, socket: zmq.Socket[bytes]) -> tuple[dict[str, Any], int]:
        """One message from `socket` (already readable): (the message, empty if malformed; its size in bytes)."""
        frames = socket.recv_multipart(copy=True)
        size = sum(len(f) for f in frames)
        try:
            _, parts = self.session.feed_identities(frames, copy=True)
            message = self.session.deserialize(parts, content=True, copy=True)
            if not isinstance(message.get("content"), dict) or not isinstance(message.get("parent_header"), dict):
                return {}, size
            return message, size
        except Exception:
            return {}, size

    def _wait_ready(self) -> None:
        """Wait for the kernel to answer on shell and to publish on iopub (a SUB socket misses what is published
        before its subscription arrives, so ask until a status message comes back)."""
        deadline = time.monotonic() + self.limits.startup_timeout
        poller = zmq.Poller()
        poller.register(self.sockets["shell"], zmq.POLLIN)
        poller.register(self.sockets["iopub"], zmq.POLLIN)
        replied = published = False
        asked = 0.0
        while not (replied and published):
            now = time.monotonic()
            if now > deadline:
                raise KernelDied(f"the kernel did not answer within {self.limits.startup_timeout:g} s")
            if self.process.poll() is not None:
                raise KernelDied(f"the kernel did not start: {self.log.decode(errors='replace')[-2000:]}")
            if now - asked > 0.5:
                self.session.send(self.sockets["shell"], "kernel_info_request", {})
                asked = now
            ready = dict(poller.poll(100))
            if self.sockets["shell"] in ready:
                message, _ = self._receive(self.sockets["shell"])
                replied = replied or bool(message and message.get("msg_type") == "kernel_info_reply")
            if self.sockets["iopub"] in ready:
                message, _ = self._receive(self.sockets["iopub"])
                published = published or bool(message and message.get("msg_type") == "status")
        self._drain(0.2)

    def _drain(self, seconds: float) -> None:
        """Read and drop what the kernel sends for `seconds` (left-over replies and status messages)."""
        end = time.monotonic() + seconds
        poller = zmq.Poller()
        for socket in self.sockets.values():
            poller.register(socket, zmq.POLLIN)
        while (left := end - time.monotonic()) > 0:
            for socket in dict(poller.poll(max(1, int(left * 1000)))):
                socket.recv_multipart()

    def interrupt(self) -> None:
        self.session.send(self.sockets["control"], "interrupt_request", {})

    def run(self, code: str, timeout: float, store_history: bool = True, silent: bool = False) -> Outcome:
        """Execute `code`; wait for its reply and its idle status, at most `timeout` s (and the notebook's time).

        Output is counted here: past `max_output` bytes the request is interrupted. A request that overruns its
        time is interrupted; a kernel that does not obey within `grace` seconds is killed.
        """
        outcome = Outcome()
        if not self.alive():
            outcome.died = True
            return outcome
        content = dict(
            code=code,
            silent=silent,
            store_history=store_history,
            user_expressions={},
            allow_stdin=False,
            stop_on_error=False,
        )
        request = self.session.send(self.sockets["shell"], "execute_request", content)
        assert request is not None  # None only when sent from a fork of the process that made the session
        msg_id = request["header"]["msg_id"]
        deadline = min(time.monotonic() + timeout, self._deadline)
        kill_at = replied_at = None
        idle = False
        poller = zmq.Poller()
        for socket in [self.sockets["shell"], self.sockets["iopub"], *self.monitors.values()]:
            poller.register(socket, zmq.POLLIN)
        # done when both the reply and the idle status (after all output) arrived, or a while after the reply
        # (a flood can make ZeroMQ drop the idle status)
        while replied_at is None or not (idle or time.monotonic() > replied_at + self.limits.grace):
            now = time.monotonic()
            if not self.alive():
                outcome.died = True
                return outcome
            if kill_at is not None and now >= kill_at and replied_at is None:
                stuck = "ran past its time limit and did not stop when interrupted"
                self.kill("kept flooding its output" if outcome.flooded else stuck)
                outcome.died = True
                return outcome
            if kill_at is None and now >= deadline:
                outcome.timed_out = True
                self.interrupt()
                kill_at = now + self.limits.grace
            ready = dict(poller.poll(100))
            for name, monitor in list(self.monitors.items()):
                if monitor in ready and monitor.recv_multipart() and not self._exits(0.3):
                    # ZeroMQ cut the link of a living kernel: it sent a message larger than MAX_MESSAGE
                    self._connect(name)
                    poller.register(self.sockets[name], zmq.POLLIN)
                    poller.register(self.monitors[name], zmq.POLLIN)
                    outcome.output_bytes += MAX_MESSAGE
                    if not outcome.flooded:
                        outcome.flooded = True
                        self.interrupt()
                        kill_at = kill_at or time.monotonic() + self.limits.grace
            if self.sockets["shell"] in ready:
                message, size = self._receive(self.sockets["shell"])
                ours = bool(message) and message["parent_header"].get("msg_id") == msg_id
                if ours and message.get("msg_type") == "execute_reply" and replied_at is None:
                    replied_at = time.monotonic()
                    reply = message["content"]
                    outcome.status = str(reply.get("status", ""))[:20]
                    if outcome.status == "error":
                        outcome.error = (str(reply.get("ename", ""))[:200], str(reply.get("evalue", ""))[:1000])
                else:  # nothing else is expected on shell: it counts as output
                    outcome.output_bytes += size
            if self.sockets["iopub"] in ready:
                idle = outcome.idle = self._output(msg_id, outcome) or idle
            if self.sockets["shell"] in ready or self.sockets["iopub"] in ready:
                if outcome.output_bytes > self.limits.max_output and not outcome.flooded:
                    outcome.flooded = True
                    self.interrupt()
                    kill_at = kill_at or time.monotonic() + self.limits.grace
        return outcome

    def _output(self, msg_id: str, outcome: Outcome) -> bool:
        """Read one iopub message into `outcome`; True if it is the idle status of request `msg_id`."""
        message, size = self._receive(self.sockets["iopub"])
        kind = message.get("msg_type") if message else None
        ours = bool(message) and message["parent_header"].get("msg_id") == msg_id
        if not (ours and kind in ("status", "execute_input")):
            outcome.output_bytes += size
        if not ours:
            return False
        content: dict[str, object] = message["content"]
        if kind == "status":
            return content.get("execution_state") == "idle"
        if kind == "display_data":
            data = content.get("data")
            if isinstance(data, dict) and isinstance(data.get(wire.MIME), dict):
                outcome.published.append(data[wire.MIME])
        elif kind == "stream" and len(outcome.text) < 10_000:
            outcome.text += str(content.get("text", ""))[: 10_000 - len(outcome.text)]
        elif kind == "error" and outcome.error is None:
            outcome.error = (str(content.get("ename", ""))[:200], str(content.get("evalue", ""))[:1000])
        return False

    def settle(self) -> None:
        """After a flood: let the kernel's left-over output drain and the link recover, so that what comes next
        (the grader's own requests) is not lost. Up to a few no-op requests, until one completes cleanly."""
        for _ in range(5):
            if not self.alive():
                return
            outcome = self.run("", timeout=self.limits.grace, store_history=False, silent=True)
            if outcome.idle and not outcome.flooded and not outcome.timed_out:
                return


def run_once(code: str, scratch: Path, limits: Limits | None = None) -> tuple[Outcome, str]:
    """Run `code` in a fresh sandbox (for tests and debugging): (outcome, the sandbox's own log)."""
    root = Path(__file__).resolve().parents[1]
    empty = scratch / "empty.ipynb"
    empty.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    limits = limits or Limits()
    with Sandbox(scratch / "box", empty, root / "helpers", None, "00_none", limits) as box:
        outcome = box.run(code, timeout=limits.cell_timeout)
        return outcome, box.log.decode(errors="replace")
