"""Make a key holder's key on the holder's own machine, without the server.

    python -m judging.holder_key generate --out cct-2026-holder-key.txt

writes the holder key file (mode 0600; the private key never leaves this machine) and prints the public
key to paste on your key holder page. Needs only the ``cryptography`` package; this file can also be
copied on its own and run as ``python holder_key.py generate --out FILE``. The format is described in
``judging/sealing.py`` (``CCT-AWARDS-HOLDER-KEY v1``); ``public`` prints the public key of a key file again.
"""

import argparse
import base64
import os
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

HOLDER_KEY_HEADER = "CCT-AWARDS-HOLDER-KEY v1"  # the same as judging.sealing.HOLDER_KEY_HEADER


def key_file_text(private_key: X25519PrivateKey) -> str:
    public = base64.b64encode(private_key.public_key().public_bytes_raw()).decode("ascii")
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    return f"{HOLDER_KEY_HEADER}\npublic: {public}\n{pem}"


def public_of(text: str) -> str:
    start = text.index("-----BEGIN PRIVATE KEY-----")
    end = text.index("-----END PRIVATE KEY-----") + len("-----END PRIVATE KEY-----")
    key = serialization.load_pem_private_key(text[start:end].encode("ascii"), password=None)
    if not isinstance(key, X25519PrivateKey):
        raise ValueError("not an X25519 key")
    return base64.b64encode(key.public_key().public_bytes_raw()).decode("ascii")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m judging.holder_key", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", help="make a new holder key file and print its public key")
    generate.add_argument("--out", required=True, help="the key file to write (refuses to overwrite)")
    public = commands.add_parser("public", help="print the public key of a holder key file")
    public.add_argument("key_file")
    options = parser.parse_args(argv)
    if options.command == "generate":
        text = key_file_text(X25519PrivateKey.generate())
        try:
            descriptor = os.open(options.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            print(f"Refusing to overwrite {options.out}.", file=sys.stderr)
            return 1
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(text)
        print(f"Holder key written to {options.out}. Keep this file offline and bring it to award night.")
        print("Your public key (paste it on your key holder page):")
    else:
        with open(options.key_file, encoding="ascii") as handle:
            text = handle.read()
    print(public_of(text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
