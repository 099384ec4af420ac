"""Where private files live: the settings of Django's "default" storage (see settings.STORAGES).

Entry documents, signature images and award-night packs are written and read only through Django's storage
API, so any storage backend works unchanged. Two are set up from the environment: a local folder (the default;
several app servers must share it) or an S3-compatible bucket through django-storages.
"""


def local_folder_storage() -> dict:
    # No OPTIONS: the folder is MEDIA_ROOT (= PRIVATE_FILES_ROOT), read when first used, so tests can move it.
    return {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def s3_bucket_storage(
    *,
    bucket: str,
    prefix: str = "",
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    addressing_style: str | None = None,
) -> dict:
    """django-storages' S3 backend on a private bucket. Without keys, boto3's own chain applies (the
    AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables, a profile, an instance role)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": prefix,
            "endpoint_url": endpoint_url or None,  # unset: AWS itself
            "region_name": region or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "addressing_style": addressing_style or None,  # "path" for most servers other than AWS
            "file_overwrite": False,  # a name already taken gets a suffix, as in the local folder
            # Objects keep the bucket's own (private) access; no public URL is ever handed out: the views that
            # check the role stream the file themselves.
            "default_acl": None,
            "querystring_auth": True,
        },
    }


def pack_storage(private: dict) -> dict:
    """settings.STORAGES["packs"]: the private storage, where an edition's latest award-night pack replaces the
    previous one under its fixed name. In a local folder the pack is written to a temporary name and renamed into
    place (awards.files); a bucket replaces an object in one PUT, so the bucket's storage is told to overwrite
    (elsewhere it keeps both files, the new one under another name)."""
    if private["BACKEND"] == "storages.backends.s3.S3Storage":
        return {**private, "OPTIONS": {**private["OPTIONS"], "file_overwrite": True}}
    return dict(private)
