"""Every index is written by every new report, inside the transaction SQLite's one writer (and
PostgreSQL's event order) waits for. Two were the first column of another index (status,
agency), and five were on links most rows never have (a referral, a merge, a contact, an API
application, a staff actor): those are now indexed only where set.

Altering a field's index would make SQLite copy the whole reports table once per field (seven
times for a city's million reports), so the database drops the plain indexes by name instead,
found by introspection (PostgreSQL's varchar "_like" twin with them)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SINGLE_INDEXES = {
    "report": ["status", "agency_id", "referred_to_id", "duplicate_of_id", "contact_id",
               "application_id"],
    "reportevent": ["actor_id"],
}  # fmt: skip


def _plain_indexes(schema_editor, model, columns):
    """The non-unique indexes on exactly one of `columns`, by name, with the column."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    for name, info in found.items():
        if (
            info["index"]
            and not info["unique"]
            and not info["primary_key"]
            and len(info["columns"]) == 1
            and info["columns"][0] in columns
            and not name.startswith(("report_", "event_"))  # the partial ones, named by Meta
        ):
            yield name, info["columns"][0]


def drop_plain_indexes(apps, schema_editor):
    for model_name, columns in SINGLE_INDEXES.items():
        model = apps.get_model("reports", model_name)
        for name, _column in list(_plain_indexes(schema_editor, model, columns)):
            schema_editor.execute(schema_editor._delete_index_sql(model, name))


def restore_plain_indexes(apps, schema_editor):
    for model_name, columns in SINGLE_INDEXES.items():
        model = apps.get_model("reports", model_name)
        have = {column for _name, column in _plain_indexes(schema_editor, model, columns)}
        for column in columns:
            if column not in have:
                field = next(f for f in model._meta.local_fields if f.column == column)
                schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))
                like = getattr(schema_editor, "_create_like_index_sql", None)  # PostgreSQL
                if like is not None and (sql := like(model, field)) is not None:
                    schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_catalog_version"),
        ("org", "0005_alter_application_created_at"),
        ("reports", "0015_report_retry_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunPython(drop_plain_indexes, restore_plain_indexes),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="report",
                    name="agency",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reports",
                        to="org.agency",
                        verbose_name="instansi penanggung jawab",
                    ),
                ),
                migrations.AlterField(
                    model_name="report",
                    name="application",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="Aplikasi luar (Open311, aplikasi warga) yang mengirim laporan ini.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reports",
                        to="org.application",
                        verbose_name="aplikasi pengirim",
                    ),
                ),
                migrations.AlterField(
                    model_name="report",
                    name="contact",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reports",
                        to="reports.reportercontact",
                    ),
                ),
                migrations.AlterField(
                    model_name="report",
                    name="duplicate_of",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="duplicates",
                        to="reports.report",
                    ),
                ),
                migrations.AlterField(
                    model_name="report",
                    name="referred_to",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="referrals",
                        to="org.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="report",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("new", "Baru"),
                            ("verified", "Terverifikasi"),
                            ("dispatched", "Ditanggapi"),
                            ("in_progress", "Dikerjakan"),
                            ("done", "Selesai"),
                            ("closed", "Ditutup"),
                            ("rejected", "Ditolak"),
                            ("duplicate", "Duplikat"),
                            ("referred", "Dirujuk"),
                        ],
                        default="new",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                migrations.AlterField(
                    model_name="reportevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(("referred_to__isnull", False)),
                fields=["referred_to"],
                name="report_referred_to",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(("duplicate_of__isnull", False)),
                fields=["duplicate_of"],
                name="report_duplicate_of",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(("contact__isnull", False)),
                fields=["contact"],
                name="report_contact",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(("application__isnull", False)),
                fields=["application"],
                name="report_application",
            ),
        ),
        migrations.AddIndex(
            model_name="reportevent",
            index=models.Index(
                condition=models.Q(("actor__isnull", False)), fields=["actor"], name="event_actor"
            ),
        ),
    ]
