"""ImportJob moves from enterprises to core, keeping its table: this migration only tells
Django's state that core now owns the table enterprises made (enterprises' 0009 then forgets
it); 0011 renames it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import ieum.core.files


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_change_history"),
        ("enterprises", "0008_import_job_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportJob",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="등록일시"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="수정일시"),
                        ),
                        ("kind", models.CharField(max_length=40, verbose_name="종류")),
                        (
                            "options",
                            models.JSONField(blank=True, default=dict, verbose_name="옵션"),
                        ),
                        (
                            "file",
                            models.FileField(
                                storage=ieum.core.files.private_storage,
                                upload_to=ieum.core.files.RandomName(
                                    "enterprises/imports", keep_name_in="original_filename"
                                ),
                                verbose_name="파일",
                            ),
                        ),
                        (
                            "original_filename",
                            models.CharField(max_length=255, verbose_name="원래 파일 이름"),
                        ),
                        (
                            "partial",
                            models.BooleanField(
                                default=False, verbose_name="오류 행만 빼고 가져오기"
                            ),
                        ),
                        ("dry_run", models.BooleanField(default=False, verbose_name="시험 실행")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "대기"),
                                    ("running", "진행 중"),
                                    ("succeeded", "완료"),
                                    ("failed", "실패"),
                                ],
                                default="queued",
                                max_length=20,
                                verbose_name="상태",
                            ),
                        ),
                        (
                            "processed",
                            models.PositiveIntegerField(default=0, verbose_name="확인한 행"),
                        ),
                        ("total", models.PositiveIntegerField(default=0, verbose_name="전체 행")),
                        (
                            "created_count",
                            models.PositiveIntegerField(default=0, verbose_name="새로 등록"),
                        ),
                        (
                            "updated_count",
                            models.PositiveIntegerField(default=0, verbose_name="갱신"),
                        ),
                        (
                            "skipped_count",
                            models.PositiveIntegerField(default=0, verbose_name="변경 없음"),
                        ),
                        ("errors", models.JSONField(blank=True, default=list, verbose_name="오류")),
                        (
                            "ignored_columns",
                            models.JSONField(blank=True, default=list, verbose_name="무시한 열"),
                        ),
                        (
                            "finished_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="끝난 시각"),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="올린 사람",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "가져오기 작업",
                        "verbose_name_plural": "가져오기 작업",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "enterprises_importjob",
                        # The name enterprises gave it; 0011 renames it with the table.
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("processed__lte", models.F("total"))),
                                name="enterprises_importjob_processed_within_total",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
