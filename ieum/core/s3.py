"""The private storage on S3-compatible object storage (NCP, KT Cloud, AWS …), used when
S3_BUCKET is set. Kept apart from files.py so that boto3 is imported only then."""

from storages.backends.s3 import S3Storage

from .files import PrivateFileHasNoURL


class PrivateS3Storage(S3Storage):
    """Objects written private (no ACL grant, signed requests only) and no URL handed out:
    a private file reaches a person only through a permission-checked view, which streams it."""

    default_acl = "private"
    querystring_auth = True

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise PrivateFileHasNoURL(
            f"{name}: a private file has no URL; link to its permission-checked download view"
        )
