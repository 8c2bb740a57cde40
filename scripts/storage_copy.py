"""Copy the private files out of (backup) or into (restore) the portal's storage: the S3
bucket when AWS_STORAGE_BUCKET_NAME is set (boto3, the same settings as the portal), else the
media folder (MEDIA_ROOT, default var/media). Used by scripts/backup.sh and restore.sh.

    python scripts/storage_copy.py backup|restore FOLDER
"""

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bucket():
    import boto3  # noqa: PLC0415 - only a backup of S3 needs it

    s3 = boto3.resource(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME", "eu-west-3"),
    )
    return s3.Bucket(os.environ["AWS_STORAGE_BUCKET_NAME"])


def main(action: str, folder: str) -> int:
    folder = Path(folder)
    count = 0
    if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        bucket = _bucket()
        if action == "backup":
            for obj in bucket.objects.all():
                target = folder / obj.key
                target.parent.mkdir(parents=True, exist_ok=True)
                bucket.download_file(obj.key, str(target))
                count += 1
        else:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                bucket.upload_file(str(path), path.relative_to(folder).as_posix())
                count += 1
    else:
        media = Path(os.environ.get("MEDIA_ROOT") or ROOT / "var" / "media")
        source, target = (media, folder) if action == "backup" else (folder, media)
        target.mkdir(parents=True, exist_ok=True)
        if source.exists():
            shutil.copytree(source, target, dirs_exist_ok=True)
        count = sum(1 for p in target.rglob("*") if p.is_file())
    print(f"{action}: {count} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
