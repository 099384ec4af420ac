"""An S3-compatible server on loopback for the storage tests: moto's server mode, in a thread of the test process.

`s3_server(port)` serves until the block ends; `bucket_create(endpoint)` makes a fresh private bucket and
returns its name and a boto3 client to look inside it. Test modules that use the same port take turns (a lock
file), so parallel test workers do not collide on it.
"""

import contextlib
import fcntl
import tempfile
import uuid
from pathlib import Path

import boto3

# moto takes any credentials; these only have to be present and the same on both sides.
ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"  # noqa: S105
REGION = "us-east-1"


@contextlib.contextmanager
def s3_server(*, port: int):
    from moto.server import ThreadedMotoServer

    with open(Path(tempfile.gettempdir()) / f"awards-s3-server-{port}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.stop()


def s3_client(endpoint: str):
    return boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=REGION
    )


def bucket_create(endpoint: str):
    name = f"awards-{uuid.uuid4().hex[:12]}"
    client = s3_client(endpoint)
    client.create_bucket(Bucket=name)
    return name, client


def bucket_keys(client, bucket: str) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def bucket_environment(endpoint: str, bucket: str) -> dict[str, str]:
    """The variables that point a server process at the bucket (config/settings.py reads them)."""
    return {
        "AWARDS_S3_BUCKET": bucket,
        "AWARDS_S3_ENDPOINT_URL": endpoint,
        "AWARDS_S3_REGION": REGION,
        "AWARDS_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "AWARDS_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWARDS_S3_ADDRESSING_STYLE": "path",
    }
