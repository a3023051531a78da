#!/usr/bin/env python3
"""Runs a command in a real pseudo-terminal and plays a script of key presses at it.

The tests use it to see what a person at a terminal sees: raw mode, Ctrl-C as a key,
signals, the terminal's width, and whether the terminal is left usable afterwards.

Reads one JSON document on stdin:
  {"argv": [...], "env": {...}, "fullEnv": {...}, "cwd": "...", "cols": 80, "rows": 24, "timeout": 30,
   "steps": [{"wait": "REGEX", "timeout": 10}, {"send": "\\r"}, {"sleep": 0.2},
             {"send": "\\r", "until": "REGEX", "every": 1, "quiet": 0.2, "max": 30},
             {"modes": "LABEL"}, {"signal": "SIGTERM"}]}
A "wait" looks for REGEX in the output with colour and cursor sequences removed,
starting after the previous wait's match (like expect). After the steps it waits for
the command to exit (at most "timeout" seconds, then kills it).

Writes one JSON document on stdout:
  {"output": RAW_OUTPUT, "code": EXIT_CODE | null, "signal": NAME | null,
   "echo": BOOL, "icanon": BOOL, "modes": {LABEL: {"echo": BOOL, "icanon": BOOL}},
   "failed": null | "what went wrong", "killed": BOOL}
where echo / icanon are the terminal's modes after the command ended (a program that
leaves raw mode on would leave them false), and "modes" those seen at each "modes" step.
"""

import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|\x1b[=>78]")


def main():
    spec = json.load(sys.stdin)
    cols = int(spec.get("cols", 80))
    rows = int(spec.get("rows", 24))
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    # "env" adds to (or, with null, removes from) this process's environment;
    # "fullEnv" replaces it.
    env = dict(spec["fullEnv"]) if spec.get("fullEnv") is not None else dict(os.environ)
    for name, value in (spec.get("env") or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    env.setdefault("TERM", "xterm-256color")

    def make_controlling_terminal():
        # After setsid (start_new_session) the pty becomes the controlling terminal, so
        # Ctrl-C outside raw mode raises SIGINT as it would for a person.
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        spec["argv"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=spec.get("cwd"),
        env=env,
        start_new_session=True,
        preexec_fn=make_controlling_terminal,
        close_fds=True,
    )
    # The slave stays open here so that its modes can be read after the command ends.
    output = bytearray()

    def pump(seconds):
        """Reads whatever the command writes for up to `seconds`."""
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([master], [], [], min(left, 0.05))
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                output.extend(chunk)

    def text():
        return ANSI.sub("", output.decode("utf-8", "replace"))

    failed = None
    killed = False
    modes = {}
    search_from = 0
    for index, step in enumerate(spec.get("steps") or []):
        if "wait" in step:
            pattern = re.compile(step["wait"])
            deadline = time.monotonic() + float(step.get("timeout", 10))
            while True:
                match = pattern.search(text(), search_from)
                if match:
                    search_from = match.end()
                    break
                if proc.poll() is not None:
                    pump(0.1)
                    match = pattern.search(text(), search_from)
                    if match:
                        search_from = match.end()
                        break
                    failed = f"step {index}: the command exited before /{step['wait']}/ appeared"
                    break
                if time.monotonic() > deadline:
                    failed = f"step {index}: timed out waiting for /{step['wait']}/"
                    break
                pump(0.05)
            if failed:
                break
        elif "send" in step and "until" in step:
            # Presses a key (Enter through a row of questions) until REGEX shows. After each
            # press it waits for the screen to settle (no output for "quiet" seconds, at most
            # "every"), so a slow frame is not mistaken for an ignored key.
            pattern = re.compile(step["until"])
            quiet = float(step.get("quiet", 0.2))
            for _ in range(int(step.get("max", 30))):
                os.write(master, step["send"].encode("utf-8"))
                deadline = time.monotonic() + float(step.get("every", 1.0))
                size = len(output)
                last_change = None
                match = None
                while time.monotonic() < deadline:
                    pump(0.03)
                    match = pattern.search(text(), search_from)
                    if match:
                        break
                    now = time.monotonic()
                    if len(output) != size:
                        size = len(output)
                        last_change = now
                    elif last_change is not None and now - last_change >= quiet:
                        break
                if match:
                    search_from = match.end()
                    break
            else:
                failed = f"step {index}: /{step['until']}/ did not appear after pressing {step['send']!r} {step.get('max', 30)} times"
                break
        elif "send" in step:
            os.write(master, step["send"].encode("utf-8"))
            pump(float(step.get("after", 0.05)))
        elif "sleep" in step:
            pump(float(step["sleep"]))
        elif "modes" in step:
            # The terminal's modes at this moment (raw mode shows as echo and icanon off).
            lflag = termios.tcgetattr(slave)[3]
            modes[step["modes"]] = {"echo": bool(lflag & termios.ECHO), "icanon": bool(lflag & termios.ICANON)}
        elif "signal" in step:
            if proc.poll() is None:
                proc.send_signal(getattr(signal, step["signal"]))
            pump(0.05)

    deadline = time.monotonic() + float(spec.get("timeout", 30))
    if failed:
        deadline = time.monotonic()
    while proc.poll() is None and time.monotonic() < deadline:
        pump(0.05)
    if proc.poll() is None:
        killed = True
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    pump(0.2)

    lflag = termios.tcgetattr(slave)[3]
    os.close(slave)
    os.close(master)
    code = proc.returncode
    json.dump(
        {
            "output": output.decode("utf-8", "replace"),
            "code": code if code is not None and code >= 0 else None,
            "signal": signal.Signals(-code).name if code is not None and code < 0 else None,
            "echo": bool(lflag & termios.ECHO),
            "icanon": bool(lflag & termios.ICANON),
            "modes": modes,
            "failed": failed,
            "killed": killed,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
