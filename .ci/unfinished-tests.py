#!/usr/bin/env python3
"""Names the tests a `swift test` log shows started but never ended: after a timeout, the ones
that hung."""
import re
import sys

started, ended = [], set()
for line in open(sys.argv[1], errors="replace"):
    if m := re.match(r'◇ Test (?:case .* to )?"(.*?)" started', line):
        started.append(m.group(1))
    elif m := re.match(r'[✔✘] Test "(.*?)" (?:with \d+ test cases? )?(?:passed|failed)', line):
        ended.add(m.group(1))
hung = [name for name in dict.fromkeys(started) if name not in ended]
print("tests that never ended:" if hung else "every test that started ended", *hung, sep="\n  ")
