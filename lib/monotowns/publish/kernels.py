"""Warm kernels: a report's kernel forked from a process that has done the imports already.

A fresh Jupyter kernel spends about a second importing IPython's kernel, pandas, matplotlib and
the library before it runs a report's first cell. Each build worker therefore keeps one helper
process (the *zygote*, as Android calls its pre-loaded process) that imports all that once and
then forks one kernel per report: the fork starts with the imports done and a clean state
(nothing a report does reaches the zygote or the next report — each report still has a process
of its own, which exits when the report is done).

What a forked kernel shares with the zygote is only what the imports made: no data is read
before the fork, and a module a report changes is changed in its own process only. The kernel
is the same ``ipykernel`` that ``python -m ipykernel_launcher`` runs, started with the same
arguments, working folder, environment, standard streams and a new session, so its outputs are
the same bytes. Python's ``random`` is reseeded in every fork (by Python itself).

Linux only (``os.pidfd_open`` follows a process that is not one's child; the parent-death signal
ties the zygote to its worker and each kernel to the zygote). Elsewhere, or if the zygote cannot
be started or has died, a kernel is started the usual way.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

#: Modules a kernel needs before its first cell, besides those the notebooks import.
KERNEL_MODULES = (
    "runpy",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    # what the kernel imports when it starts: its debugger (debugpy, 0.3 s a kernel), history
    # (sqlite3), the object inspector and the store magic
    "ipykernel.debugger",
    "sqlite3",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
)
#: What the warm process calls once its imports are done (``module:function``): work every
#: report would otherwise repeat first thing (loading the charts' fonts).
WARM_UP = ("monotowns.report.towncharts:warm_up",)
#: What it calls when the first report is asked for, in the reports' environment (the build
#: has validated the data package by then): the package loaded once, not by every report.
WARM_UP_FIRST_REPORT = ("monotowns.data.package:preload",)
#: Modules that must not be imported before a kernel exists (they look for one when imported).
NOT_BEFORE_KERNEL = ("matplotlib_inline.backend_inline",)

# ---------------------------------------------------------------- the zygote's side
# It runs as a script (``python kernels.py ...``, like ``python -m ipykernel_launcher``), not as
# ``monotowns.publish.kernels``, so that no module of the publish layer is loaded in a kernel.


def _zygote_main(argv: list[str]) -> None:
    """argv: the request pipe, the reply pipe, the worker's pid, then the modules to import
    (``module:function``: import the module and call the function, to warm what it loads;
    ``@module:function``: call it when the first report is asked for, in that report's
    environment — the build has validated the data by then)."""
    import ctypes
    import gc
    import importlib

    def call(name: str) -> None:
        module, _, function = name.partition(":")
        try:
            m = importlib.import_module(module)
            if function:
                getattr(m, function)()
        except BaseException:  # noqa: BLE001 - the report's own kernel meets the error and reports it
            pass

    req_fd, rep_fd, parent = int(argv[0]), int(argv[1]), int(argv[2])
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG: die with the worker
    if os.getppid() != parent:
        os._exit(1)
    # what ipykernel sets before any code of a report runs (so matplotlib reads the same setting)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    later = [n[1:] for n in argv[3:] if n.startswith("@")]
    for name in argv[3:]:
        if not name.startswith("@"):
            call(name)
    gc.collect()
    gc.freeze()  # what the imports made is never collected: no kernel's collector walks it
    requests = os.fdopen(req_fd, "rb")
    replies = os.fdopen(rep_fd, "wb", buffering=0)
    for line in requests:  # one request per report; the worker closing the pipe ends the loop
        req = json.loads(line)
        if later:  # once, in the reports' environment (each kernel's is set from its request)
            os.environ.update(req["env"])
            for name in later:
                call(name)
            later = []
            gc.collect()
            gc.freeze()
        if req.get("prepare"):  # only that: no kernel is asked for, no reply is due
            continue
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0]:  # reap the kernels that have exited
                pass
        pid = os.fork()
        if pid == 0:
            requests.close()
            replies.close()
            _kernel_main(req, libc)
        replies.write(b"%d\n" % pid)
    os._exit(0)


def _kernel_main(req: dict, libc) -> None:
    """In the fork: become the kernel ``python -m ipykernel_launcher ARGS`` would be; never returns."""
    os.setsid()  # as jupyter_client starts a kernel: a session of its own
    zygote = os.getppid()
    libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # die with the zygote
    if os.getppid() != zygote:
        os._exit(1)
    stdin, w = os.pipe()  # as jupyter_client gives a kernel: a pipe closed at the other end
    os.close(w)
    os.dup2(stdin, 0)
    os.close(stdin)
    if req["stderr_null"]:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(dict(req["env"], JPY_PARENT_PID=str(zygote)))
    sys.argv = [req["launcher"], *req["args"]]
    code = 0
    try:
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=req["args"], parent_handle=zygote)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:  # noqa: BLE001 - the kernel's end, whatever it is
        code = 1
    finally:
        import atexit

        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


# ---------------------------------------------------------------- the worker's side


def _ready_client():
    from queue import Empty

    from jupyter_client.asynchronous.client import AsyncKernelClient

    class ReadyClient(AsyncKernelClient):
        """jupyter_client's kernel client (its ``wait_for_ready`` as of 8.10), less two waits in
        which nothing happens, together 0.3 s of each report:

        - its sockets retry a connection to a kernel that is not listening yet every 5 ms
          (zmq's default: every 100 ms; a forked kernel listens some 40 ms after the fork);
        - once the kernel has answered, what is left on IOPub from its start is read without
          waiting for more (jupyter_client waits for 0.2 s of silence there). A status message
          that arrives later is one nbclient ignores: it answers another request than a cell's.
        """

        def _context_default(self):
            import zmq
            import zmq.asyncio

            self._created_context = True
            ctx = zmq.asyncio.Context()
            ctx.setsockopt(zmq.RECONNECT_IVL, 5)
            return ctx

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            import time

            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    msg = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    pass
                else:
                    if msg["msg_type"] == "kernel_info_reply":
                        try:  # IOPub is connected once a message of the kernel arrives on it
                            await self.iopub_channel.get_msg(timeout=0.2)
                        except Empty:
                            pass
                        else:
                            self._handle_kernel_info_reply(msg)
                            break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
            while True:
                try:
                    await self.iopub_channel.get_msg(timeout=0.005)
                except Empty:
                    break

    return ReadyClient


def __getattr__(name: str):
    # the client class is made on first use: jupyter_client is not imported with this module
    if name == "ReadyClient":
        cls = _ready_client()
        globals()["ReadyClient"] = cls
        return cls
    raise AttributeError(name)


class Forked:
    """A kernel forked by the zygote, with the part of ``subprocess.Popen``'s interface that
    jupyter_client's provisioner uses (poll, wait, send_signal, terminate, kill)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._fd: int | None = os.pidfd_open(pid)

    def poll(self) -> int | None:
        if self.returncode is None and self._fd is not None and select.select([self._fd], [], [], 0)[0]:
            self._exited()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None and self._fd is not None:
            if not select.select([self._fd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
            self._exited()
        return self.returncode or 0

    def _exited(self) -> None:
        # the zygote reaps it and keeps the status; a kernel that exited is all we need to know
        self.returncode = 0
        os.close(self._fd)
        self._fd = None

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            signal.pidfd_send_signal(self._fd, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class Zygote:
    """The worker's pre-loaded process; ``launch`` forks a kernel from it."""

    def __init__(self, modules: list[str], cwd: Path) -> None:
        req_r, self._req = os.pipe()
        self._rep, rep_w = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, __file__, str(req_r), str(rep_w), str(os.getpid()), *modules],
                pass_fds=(req_r, rep_w),
                cwd=str(cwd),
                stdin=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        finally:
            os.close(req_r)
            os.close(rep_w)
        self._replies = os.fdopen(self._rep, "rb")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def launch(self, cmd: list[str], *, env: dict, cwd: str, stderr_null: bool) -> Forked:
        """Fork a kernel that runs ``cmd`` (``python -m ipykernel_launcher ARGS``)."""
        launcher = sys.modules.get("ipykernel_launcher")
        req = {
            "args": list(cmd[3:]),
            "env": dict(env),
            "cwd": str(cwd),
            "stderr_null": stderr_null,
            "launcher": getattr(launcher, "__file__", None) or _launcher_path(),
        }
        os.write(self._req, json.dumps(req).encode() + b"\n")
        line = self._replies.readline()  # the zygote answers at once (it forks, nothing more)
        if not line.strip():
            raise OSError("the warm kernel process has stopped")
        return Forked(int(line))

    def prepare(self, env: dict) -> None:
        """Have the zygote make its first-report calls (``@``) now, in the reports' environment
        ``env``, instead of when the first kernel is asked for: a build of one report has
        nothing else to overlap them with."""
        with contextlib.suppress(OSError):
            os.write(self._req, json.dumps({"prepare": True, "env": dict(env)}).encode() + b"\n")

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._req)
        with contextlib.suppress(Exception):
            self._replies.close()
        with contextlib.suppress(Exception):
            self.proc.kill()
            self.proc.wait(5)


def _launcher_path() -> str:
    import importlib.util

    spec = importlib.util.find_spec("ipykernel_launcher")
    return spec.origin if spec and spec.origin else "ipykernel_launcher"


def launchable(cmd: list[str]) -> bool:
    """True for the command of the standard Python kernel: ``python -m ipykernel_launcher ...``
    (with this very Python: the zygote runs it)."""
    return (
        len(cmd) >= 3
        and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)
        and cmd[1:3] == ["-m", "ipykernel_launcher"]
    )


def supported() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "pidfd_open") and hasattr(signal, "pidfd_send_signal")


#: This process's zygote (one per build worker), started by ``get``.
_zygote: Zygote | None = None


def get(modules: Callable[[], list[str]], cwd: Path) -> Zygote | None:
    """This process's zygote, started on first use with the ``modules()`` it is to import (None
    where it cannot run)."""
    global _zygote
    if not supported():
        return None
    if _zygote is not None and not _zygote.alive():
        stop()
    if _zygote is None:
        try:
            _zygote = Zygote(modules(), cwd)
        except OSError:
            return None
    return _zygote


def stop() -> None:
    """Stop this process's zygote, if it has one."""
    global _zygote
    if _zygote is not None:
        _zygote.stop()
        _zygote = None


if __name__ == "__main__":
    # the zygote: drop this file's folder from the path (as ipykernel_launcher drops its own)
    del sys.path[0]
    _zygote_main(sys.argv[1:])
