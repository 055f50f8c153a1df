#!/usr/bin/env python3
"""vl-interactive.py VL BZIMAGE INITRD: vl on a terminal, as a user meets it.

INITRD is the interactive initramfs (scripts/build-initramfs.sh without
--script): its /init gives a busybox shell on the console and powers the
machine off when the shell exits.  The first run waits for the shell prompt,
types commands, reads their output, then `exit`s and expects vl to end with
status 0 when the guest powers off.  The second run leaves with the escape
keys instead: C-a h must print the help, C-a x must end vl with status 0.
The third is ended by SIGTERM, which vl must let kill it.

vl runs inside a pseudo-terminal that is its controlling terminal, with
stdin, stdout and stderr all on it, as from a shell.  vl puts that terminal
in raw mode, so every run also checks that `stty -g` reads the same after vl
is gone as before it started.
"""
import fcntl
import os
import re
import select
import signal
import subprocess
import sys
import termios
import time

# seconds to the first prompt, for one command's output, and for vl to end
BOOT_LIMIT = int(os.environ.get("VL_BOOT_LIMIT", 120))
COMMAND_LIMIT = 20
EXIT_LIMIT = 20
PROMPT = rb"\n/ # "  # busybox sh as root in /
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, why=None):
        if why is None:
            self.passed += 1
            print(f"PASS {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}: {why}")
        sys.stdout.flush()
        return why is None


def stty(fd):
    return subprocess.run(["stty", "-g"], stdin=fd, capture_output=True,
                          text=True, check=False).stdout.strip()


def take_terminal():
    """in the child: the pty on fd 0 becomes the controlling terminal"""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class TerminalRun:
    """one run of vl on a fresh pseudo-terminal, with a transcript"""

    def __init__(self, argv, log):
        self.master, self.slave = os.openpty()
        self.stty_before = stty(self.slave)
        self.buf = b""
        self.pos = 0
        self.log = log
        self.proc = subprocess.Popen(argv, stdin=self.slave, stdout=self.slave,
                                     stderr=self.slave, start_new_session=True,
                                     preexec_fn=take_terminal)

    def read_some(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([self.master], [], [], min(left, 0.2))
        if ready:
            self.buf += os.read(self.master, 65536)
        return True

    def expect(self, pattern, limit):
        """the text from the last match to the end of PATTERN, or None"""
        deadline = time.monotonic() + limit
        while True:
            m = re.compile(pattern).search(self.buf, self.pos)
            if m:
                text = self.buf[self.pos:m.end()]
                self.pos = m.end()
                return text
            if not self.read_some(deadline):
                return None

    def type(self, text):
        os.write(self.master, text)

    def wait(self, limit):
        """vl's exit status, or None if it is still running after LIMIT s"""
        deadline = time.monotonic() + limit
        while self.proc.poll() is None:
            if not self.read_some(deadline):
                return None
        # what vl wrote just before it ended
        while select.select([self.master], [], [], 0.1)[0]:
            self.buf += os.read(self.master, 65536)
        return self.proc.returncode

    def close(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        stty_after = stty(self.slave)
        with open(self.log, "wb") as f:
            f.write(self.buf)
        os.close(self.master)
        os.close(self.slave)
        return stty_after

    def tail(self):
        return self.buf[-300:].decode("latin-1")


def words(text):
    return ESCAPES.sub(b"", text).decode("latin-1").split()


def check_exit(r, name, status):
    if status is None:
        r.check(name, f"vl still running after {EXIT_LIMIT} s")
    elif status < 0:
        r.check(name, f"vl killed by signal {-status}")
    elif status != 0:
        r.check(name, f"exit status {status}")
    else:
        r.check(name)


def check_terminal(r, s, name):
    before = s.stty_before
    after = s.close()
    r.check(name, None if after == before else
            f"stty -g was {before}, is {after}")


def boot_to_prompt(r, s, name):
    if s.expect(rb"qemu04: init started", BOOT_LIMIT) is None or \
            s.expect(PROMPT, BOOT_LIMIT) is None:
        return r.check(name, f"no prompt after {BOOT_LIMIT} s; the end of "
                       f"the output: {s.tail()!r}")
    return r.check(name)


def command(r, s, line, name, judge):
    """type LINE, read up to the next prompt, judge the words in between"""
    s.type(line + b"\r")
    out = s.expect(PROMPT, COMMAND_LIMIT)
    if out is None:
        return r.check(name, f"no prompt after {COMMAND_LIMIT} s: "
                       f"{s.tail()!r}")
    # the shell echoes the line itself before the output
    at = out.find(b"\n")
    why = judge(words(out[at + 1:]) if at >= 0 else [])
    return r.check(name, why)


def expect_words(*wanted):
    def judge(got):
        missing = [w for w in wanted if w not in got]
        return f"missing {missing} in {got}" if missing else None
    return judge


def version_judge(got):
    text = " ".join(got)
    return None if re.search(r"^Linux version 6\.1\.\d+ ", text) else \
        f"got {text!r}"


def shell_run(r, argv, out):
    s = TerminalRun(argv, os.path.join(out, "shell.log"))
    if boot_to_prompt(r, s, "shell: boots to the prompt"):
        command(r, s, b"echo $((7*6))", "shell: echo $((7*6)) prints 42",
                expect_words("42"))
        command(r, s, b"cat /proc/version", "shell: cat /proc/version",
                version_judge)
        command(r, s, b"ls /", "shell: ls /",
                expect_words("bin", "dev", "init", "proc", "sys"))
        s.type(b"exit\r")
        check_exit(r, "shell: exit powers off, vl exits 0",
                   s.wait(EXIT_LIMIT))
    check_terminal(r, s, "shell: terminal restored after vl")


def escape_run(r, argv, out):
    s = TerminalRun(argv, os.path.join(out, "escape.log"))
    if boot_to_prompt(r, s, "C-a: boots to the prompt"):
        s.type(b"\x01h")
        r.check("C-a h prints the help",
                None if s.expect(rb"C-a x +exit", COMMAND_LIMIT) else
                f"no help: {s.tail()!r}")
        s.type(b"\x01x")
        check_exit(r, "C-a x: vl exits 0", s.wait(EXIT_LIMIT))
        r.check("C-a x: says 'vl: terminated'",
                None if b"vl: terminated" in s.buf[s.pos:] else
                f"not in {s.tail()!r}")
    check_terminal(r, s, "C-a: terminal restored after vl")


def signal_run(r, argv, out):
    s = TerminalRun(argv, os.path.join(out, "sigterm.log"))
    if boot_to_prompt(r, s, "SIGTERM: boots to the prompt"):
        s.proc.send_signal(signal.SIGTERM)
        status = s.wait(EXIT_LIMIT)
        r.check("SIGTERM: vl ends by the signal",
                None if status == -signal.SIGTERM else f"status {status}")
    check_terminal(r, s, "SIGTERM: terminal restored after vl")


def main():
    if len(sys.argv) != 4:
        sys.exit(f"usage: {sys.argv[0]} VL BZIMAGE INITRD")
    vl, kernel, initrd = sys.argv[1:]
    for f in (vl, kernel, initrd):
        if not os.path.isfile(f):
            sys.exit(f"{sys.argv[0]}: {f}: no such file")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "build", "tests", "vl-interactive")
    os.makedirs(out, exist_ok=True)
    argv = [os.path.abspath(vl), "-kernel", kernel, "-initrd", initrd,
            "-append", "console=ttyS0"]
    r = Results()
    shell_run(r, argv, out)
    escape_run(r, argv, out)
    signal_run(r, argv, out)
    print(f"{r.passed} passed, {r.failed} failed")
    sys.exit(1 if r.failed else 0)


if __name__ == "__main__":
    main()
