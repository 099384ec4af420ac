"""Print a hash-pinned pip requirement for packages named in uv.lock.

`make install` uses it to bootstrap uv itself from the lock (pip --require-hashes), so that even the
installer is the exact, verified file the lock names; uv then installs everything else from the lock.

    python tools/locked_requirement.py uv > requirement.txt
"""

import sys
import tomllib
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "uv.lock"


def requirement_lines(names: list[str], *, lock_text: str) -> list[str]:
    packages = {package["name"]: package for package in tomllib.loads(lock_text)["package"]}
    lines = []
    for name in names:
        if name not in packages:
            raise SystemExit(f"{name} is not in uv.lock; run `make lock`")
        package = packages[name]
        files = [package["sdist"]] if "sdist" in package else []
        files += package.get("wheels", [])
        hashes = " ".join(f"--hash={file['hash']}" for file in files)
        lines.append(f"{name}=={package['version']} {hashes}")
    return lines


if __name__ == "__main__":
    print("\n".join(requirement_lines(sys.argv[1:], lock_text=LOCK.read_text(encoding="utf-8"))))
