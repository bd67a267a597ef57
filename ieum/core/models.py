"""Shared base model and the search index every app writes into."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for every ieum model: when a row was created and last changed."""

    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        abstract = True


class SearchEntry(models.Model):
    """One searchable object: its kind ('enterprises.enterprise'), id and Korean morpheme tokens.

    The database's own full-text engine indexes `tokens` (SQLite: the FTS5 table
    core_searchfts kept in step by triggers; PostgreSQL: the generated column tokens_tsv with a
    GIN index).
    Written only through `ieum.core.search.index_objects`.
    """

    id = models.BigIntegerField(primary_key=True)  # kind's code × 2⁴⁰ + object_id (see search)
    kind = models.CharField(_("종류"), max_length=60)
    object_id = models.BigIntegerField(_("대상 ID"))
    tokens = models.TextField(_("색인어"))

    class Meta:
        ordering = ["kind", "object_id"]
        verbose_name = _("검색 색인")
        verbose_name_plural = _("검색 색인")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="%(app_label)s_%(class)s_unique_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}#{self.object_id}"
