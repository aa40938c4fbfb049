#!/usr/bin/env python3
"""Opens a folder in the real reader, in a pseudo-terminal, as a user would, and times it.

    python3 benches/reader_open.py target/release/wxr FOLDER ARTICLES [QUERY] [--runs N]

Prints, per run: the first frame (ms after start), the list complete (the status bar counts
ARTICLES and no longer says "loading"), the files checked (no longer "checking files"), the
first search (QUERY typed after `/` as soon as the list is complete — or, with AFTER_CHECK=1
in the environment, a second after the files are checked — until the status bar gives the
result count), and the reader's memory then (VmRSS and RssAnon from /proc). The screen is read with pyte (`pip install pyte`). The library store
is kept in WXR_CACHE_DIR (set it; the first run of an empty one is a first-ever open).
"""

import os
import pty
import re
import select
import sys
import time

import pyte


def mem(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                out[k] = int(v.split()[0]) // 1024
    return out


def run(exe, folder, articles, query, cols=120, rows=40):
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.environ["NO_COLOR"] = "1"
        os.execv(exe, [exe, folder])
    import fcntl, struct, termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    t0 = time.monotonic()
    marks = {}

    def status():
        row = screen.buffer[rows - 1]
        return "".join(row[x].data for x in range(cols))

    def pump(until, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r, _, _ = select.select([fd], [], [], 0.005)
            if r:
                try:
                    data = os.read(fd, 1 << 16)
                except OSError:
                    return False
                stream.feed(data)
                if "first" not in marks and status().strip():
                    marks["first"] = time.monotonic() - t0
            if until():
                return True
        return False

    want = re.compile(rf"\b\d+/{articles}\b")
    # Complete: every article listed (from the store, its files may still be checked).
    done = lambda: bool(want.search(status())) and "loading" not in status() and "reading" not in status()
    checked = lambda: "checking" not in status() and done()
    if not pump(done, 600):
        print("never complete:", status(), file=sys.stderr)
    marks["complete"] = time.monotonic() - t0
    m_open = mem(pid)
    if os.environ.get("AFTER_CHECK"):
        # Search once the files are checked (and the texts read once), not at once.
        pump(checked, 600)
        time.sleep(1)
    result = None
    if query:
        os.write(fd, b"/")
        pump(lambda: status().startswith("/"), 10)
        t1 = time.monotonic()
        os.write(fd, query.encode())
        found = re.compile(r"\s(\d+) articles?$|no match|\s1 article$")
        pump(lambda: "searching" not in status() and found.search(status().rstrip()) is not None, 60)
        marks["search"] = time.monotonic() - t1
        result = status().strip()
        time.sleep(0.3)
    m_search = mem(pid)
    os.write(fd, b"\x1b\x1b")
    pump(checked, 600)
    marks["checked"] = time.monotonic() - t0
    os.write(fd, b"q")
    pump(lambda: False, 1)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    return marks, m_open, m_search, result


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = 1
    if "--runs" in sys.argv:
        runs = int(sys.argv[sys.argv.index("--runs") + 1])
        args = [a for a in args if a != str(runs)]
    exe, folder, articles = args[0], args[1], args[2]
    query = args[3] if len(args) > 3 else None
    for i in range(runs):
        marks, m_open, m_search, result = run(exe, folder, articles, query)
        print(
            f"run {i + 1}: first frame {marks.get('first', 0) * 1000:.0f} ms, "
            f"list complete {marks['complete'] * 1000:.0f} ms, "
            f"files checked {marks['checked'] * 1000:.0f} ms, "
            + (f"first search {marks['search'] * 1000:.0f} ms ({result}), " if query else "")
            + f"memory after opening {m_open}, after the search {m_search}"
        )


if __name__ == "__main__":
    main()
